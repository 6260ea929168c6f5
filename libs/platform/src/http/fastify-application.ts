import { BadRequestException, INestApplication, NestApplicationOptions, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { parse as parseQuery } from 'node:querystring';
import { undecodableUrlRefusal } from './refuse-undecodable-url';

/** Express's JSON body limit (body-parser's 100 kB), which the services' answers to large bodies were written for. */
const BODY_LIMIT_BYTES = 100 * 1024;
/** Node refuses request heads over 16 KiB, so no longer path parameter can arrive; find-my-way's default is 100. */
const MAX_PARAM_LENGTH = 16 * 1024;

/**
 * A Nest application on Fastify instead of Express (review: less CPU per request, docs/performance.md "Review API"),
 * behaving as the Express one does where a caller can tell: the same body limit, an empty JSON body read as {}, a
 * trailing slash ignored, a long id reaching the handler (400 with a field error, not 404), and a URL that is not
 * percent-encoded UTF-8 or holds a NUL refused with refuseUndecodableUrl's answer — by the first request hook, and for
 * a path the router cannot decode (FST_ERR_BAD_URL, answered before any hook) by the framework error handler.
 * Connect-style middleware (helmet, the rate limit, pino-http, review's web app) runs through @fastify/middie on Node's
 * request and response.
 */
export async function createFastifyApplication(
  module: Type<unknown>,
  options: NestApplicationOptions,
): Promise<INestApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const refusal = error.code === 'FST_ERR_BAD_URL' ? undecodableUrlRefusal(request.url) : undefined;
      void reply.code(400).send(refusal ?? { statusCode: 400, error: 'Bad Request', message: error.message });
    },
  });
  const fastify = adapter.getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  // As Express's body parsers: an empty JSON body is {} (clients send the content type on a POST without a body), and
  // a malformed one a 400 Bad Request from Nest's exception layer (Fastify's own error would lack `error`).
  adapter.useBodyParser('application/json', false, { bodyLimit: BODY_LIMIT_BYTES }, (request, body, done) => {
    if (body.length === 0) return done(null, {});
    parseJson(request, body.toString(), (error, value) =>
      error ? done(new BadRequestException(error.message)) : done(null, value),
    );
  });
  adapter.useBodyParser('application/x-www-form-urlencoded', false, { bodyLimit: BODY_LIMIT_BYTES }, (_, body, done) =>
    done(null, parseQuery(body.toString())),
  );
  fastify.addHook('onRequest', (request, reply, done) => {
    const refusal = undecodableUrlRefusal(request.url);
    if (refusal) void reply.code(400).send(refusal);
    else done();
  });
  return NestFactory.create(module, adapter, options);
}
