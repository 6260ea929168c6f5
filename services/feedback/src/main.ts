import './tracing';
import 'reflect-metadata';
import { main } from '@countersign/platform';
import { feedbackService } from './feedback-service';

main(feedbackService);
