import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { WebAppMiddleware } from './web-app.middleware';

/** The reviewer web app: its built files, `/config.json` for it, and the SPA fallback (never over the API). */
@Module({})
export class WebAppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(WebAppMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.GET });
  }
}
