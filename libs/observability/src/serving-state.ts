import { Injectable } from '@nestjs/common';

export type ServingStatus = 'STARTING' | 'SERVING' | 'NOT_SERVING';

/**
 * One answer to "should traffic come here": read by the HTTP /health endpoint and mirrored
 * into grpc.health.v1. SERVING only after startup recovery, NOT_SERVING once draining.
 */
@Injectable()
export class ServingState {
  private current: ServingStatus = 'STARTING';
  private readonly listeners: ((status: ServingStatus) => void)[] = [];
  readonly startedAt = Date.now();

  get status(): ServingStatus {
    return this.current;
  }

  get serving(): boolean {
    return this.current === 'SERVING';
  }

  set(status: ServingStatus): void {
    if (status === this.current) return;
    this.current = status;
    for (const listener of this.listeners) listener(status);
  }

  onChange(listener: (status: ServingStatus) => void): void {
    this.listeners.push(listener);
    listener(this.current);
  }
}
