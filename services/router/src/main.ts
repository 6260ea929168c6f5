import './tracing';
import 'reflect-metadata';
import { main } from '@countersign/platform';
import { routerService } from './router-service';

main(routerService);
