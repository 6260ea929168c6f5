import { startTracing } from '@countersign/platform/tracing';

// Before anything else is loaded: the http and pg instrumentations wrap those modules as they are required.
startTracing('review');
