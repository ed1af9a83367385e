import type { Metadata, ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import { INestApplicationContext, Logger } from '@nestjs/common';
import {
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  INTERCEPTORS_METADATA,
  PIPES_METADATA,
} from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { GrpcMethodStreamingType, Transport } from '@nestjs/microservices';
import {
  PARAM_ARGS_METADATA,
  PATTERN_METADATA,
  TRANSPORT_METADATA,
} from '@nestjs/microservices/constants';
import { firstValueFrom, isObservable } from 'rxjs';
import { toGrpcStatus } from './grpc-status';

/** A controller's unary method, bound to its instance, as grpc-js can call it. */
export type DirectUnaryHandler = (
  request: unknown,
  metadata: Metadata,
  call: ServerUnaryCall<unknown, unknown>,
) => unknown;

interface GrpcPattern {
  service: string;
  rpc: string;
  streaming: GrpcMethodStreamingType;
}

const ENHANCERS = [
  GUARDS_METADATA,
  INTERCEPTORS_METADATA,
  PIPES_METADATA,
  EXCEPTION_FILTERS_METADATA,
];

/**
 * The unary @GrpcMethod handlers of every controller that grpc-js may call straight, by
 * "Service/Method" as the decorator names them.
 *
 * Nest's per-call pipeline for a gRPC unary method is several async layers (exception proxy,
 * guards, interceptors, a Promise.all over three "pipes" even when there are none), then an
 * Observable built around the result and subscribed to, and a copy of the call object: a
 * profile of KeepaliveRegistration and WorkerHeartbeat showed it as a tenth of the server's
 * CPU per call (docs/benchmarks.md, "Per-RPC server paths"). None of it does anything here:
 * this server declares no guards, interceptors, pipes or parameter decorators, and its one
 * exception filter is the global GrpcStatusFilter, whose mapping (toGrpcStatus) the direct
 * path applies itself. A handler that does carry an enhancer or a parameter decorator of its
 * own is left out and keeps Nest's pipeline; so are streaming methods.
 */
export function directUnaryHandlers(app: INestApplicationContext): Map<string, DirectUnaryHandler> {
  const handlers = new Map<string, DirectUnaryHandler>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || !wrapper.isDependencyTreeStatic()) continue;
      const type = instance.constructor as object;
      if (ENHANCERS.some((key) => hasEntries(Reflect.getMetadata(key, type)))) continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const key of Object.getOwnPropertyNames(prototype)) {
        const method = prototype[key];
        if (key === 'constructor' || typeof method !== 'function') continue;
        const patterns = Reflect.getMetadata(PATTERN_METADATA, method) as GrpcPattern[] | undefined;
        if (!patterns || Reflect.getMetadata(TRANSPORT_METADATA, method) !== Transport.GRPC)
          continue;
        if (ENHANCERS.some((k) => hasEntries(Reflect.getMetadata(k, method)))) continue;
        if (hasEntries(Reflect.getMetadata(PARAM_ARGS_METADATA, type, key))) continue;
        const bound = (method as DirectUnaryHandler).bind(instance);
        for (const pattern of patterns) {
          if (pattern.streaming !== GrpcMethodStreamingType.NO_STREAMING) continue;
          handlers.set(`${pattern.service}/${pattern.rpc}`, bound);
        }
      }
    }
  }
  return handlers;
}

function hasEntries(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  return typeof value === 'object' ? Object.keys(value).length > 0 : true;
}

const logger = new Logger('GrpcStatusFilter');

/**
 * The grpc-js unary implementation of a direct handler: its result (or the value of its
 * promise, or the first value of its Observable) is the response; anything it throws or
 * rejects with becomes the status the global GrpcStatusFilter would have produced.
 */
export function directUnaryMethod(
  handler: DirectUnaryHandler,
): (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => void {
  return (call, callback) => {
    let result: unknown;
    try {
      result = handler(call.request, call.metadata, call);
    } catch (error) {
      callback(toGrpcStatus(error, logger));
      return;
    }
    if (result instanceof Promise || isObservable(result)) {
      // An Observable answers with its first value, as Nest's unary dispatch does.
      (isObservable(result) ? firstValueFrom(result) : result).then(
        (value: unknown) => callback(null, value),
        (error: unknown) => callback(toGrpcStatus(error, logger)),
      );
    } else {
      callback(null, result);
    }
  };
}
