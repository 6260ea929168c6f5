import './tracing';
import 'reflect-metadata';
import { main } from '@countersign/platform';
import { auditService } from './audit-service';

main(auditService);
