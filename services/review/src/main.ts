import './tracing';
import 'reflect-metadata';
import { main } from '@countersign/platform';
import { reviewService } from './review-service';

main(reviewService);
