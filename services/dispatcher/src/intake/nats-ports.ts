/**
 * The intake's ports over NATS request/reply: the config service for
 * sending profiles, report selections and payment settings, the renderer for
 * bodies and documents. Errors come back as the same {@link AppError} classes
 * the services threw (UNAVAILABLE when nobody answers, retryable).
 * @module
 */
import type { NatsConnection } from '@nats-io/nats-core';
import {
  PaymentSettingsResponse,
  type RenderRequest,
  RenderResult,
  ReportSelectionResponse,
  Rpc,
  requestJson,
  SendingProfileResponse,
} from '@verzend/shared';
import type { IntakeConfig, IntakeRenderer } from './ports';

/** Timeouts of the look-ups. Rendering a large layout may take a while; look-ups never should. */
export interface NatsPortTimeouts {
  configMs: number;
  renderMs: number;
}

/** {@link IntakeConfig} answered by the config service. */
export function natsConfig(nc: NatsConnection, timeouts: NatsPortTimeouts): IntakeConfig {
  const opts = { timeoutMs: timeouts.configMs };
  return {
    async sendingProfile(company, code) {
      const reply = await requestJson(
        nc,
        Rpc.configSendingProfile,
        { company, ...(code ? { code } : {}) },
        SendingProfileResponse,
        opts,
      );
      return reply.profile;
    },
    async reportSelection(company, usage, customerNo) {
      const reply = await requestJson(
        nc,
        Rpc.configReportSelection,
        { company, usage, customerNo },
        ReportSelectionResponse,
        opts,
      );
      return reply.selection;
    },
    paymentSettings(company) {
      return requestJson(nc, Rpc.configPaymentSettings, { company }, PaymentSettingsResponse, opts);
    },
  };
}

/** {@link IntakeRenderer} answered by the renderer service. */
export function natsRenderer(nc: NatsConnection, timeouts: NatsPortTimeouts): IntakeRenderer {
  return {
    render(request: RenderRequest) {
      return requestJson(nc, Rpc.renderRender, request, RenderResult, {
        timeoutMs: timeouts.renderMs,
      });
    },
  };
}
