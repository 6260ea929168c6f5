import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { UiConfig, WebAppMiddleware } from './web-app.middleware';

/** The reviewer web app: its built files, `/config.json` for it, and the SPA fallback (never over the API). */
@Module({
  providers: [
    {
      provide: WebAppMiddleware,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => {
        const ui: UiConfig = {
          routerUrl: config.getOrThrow<string>('REVIEW_UI_ROUTER_URL'),
          feedbackUrl: config.getOrThrow<string>('REVIEW_UI_FEEDBACK_URL'),
          auditUrl: config.getOrThrow<string>('REVIEW_UI_AUDIT_URL'),
          oidcLoginUrl: config.get<string>('REVIEW_UI_OIDC_LOGIN_URL'),
        };
        return new WebAppMiddleware(config.getOrThrow<string>('REVIEW_WEB_DIR'), ui);
      },
    },
  ],
})
export class WebAppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(WebAppMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.GET });
  }
}
