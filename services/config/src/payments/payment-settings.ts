/**
 * Payment services of a company: PayPal Payments Standard (enabled, merchant
 * account email, sandbox or live, link text). The renderer puts the payment
 * link into email bodies of payable documents when it is enabled.
 * @module
 */
import {
  NotFoundError,
  type PaymentSettings,
  PayPalSettings,
  type Principal,
} from '@verzend/shared';
import { audit } from '../audit';
import type { ConfigContext } from '../context';
import { ConfigKeys } from '../store/keys';

/** Payment-settings operations. */
export class PaymentServices {
  readonly #ctx: ConfigContext;

  constructor(ctx: ConfigContext) {
    this.#ctx = ctx;
  }

  /** The company's payment settings (PayPal null when not set up). */
  async get(company: string): Promise<PaymentSettings> {
    const doc = await this.#ctx.config.get<PayPalSettings>(ConfigKeys.paypal(company));
    return { paypal: doc?.value ?? null };
  }

  /** Sets up (or changes) PayPal. */
  async setPayPal(actor: Principal, settings: PayPalSettings): Promise<PayPalSettings> {
    const value = PayPalSettings.parse(settings);
    await this.#ctx.config.put(ConfigKeys.paypal(actor.company), value);
    audit(this.#ctx, actor, { kind: 'payment', action: 'updated', id: 'paypal' });
    return value;
  }

  /** Removes PayPal. */
  async deletePayPal(actor: Principal): Promise<void> {
    if (!(await this.#ctx.config.get(ConfigKeys.paypal(actor.company)))) {
      throw new NotFoundError('PayPal is not set up.');
    }
    await this.#ctx.config.delete(ConfigKeys.paypal(actor.company));
    audit(this.#ctx, actor, { kind: 'payment', action: 'deleted', id: 'paypal' });
  }
}
