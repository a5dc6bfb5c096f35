/**
 * Types of the Verzend dispatcher API, generated from its OpenAPI document.
 * Do not edit: run `pnpm client:generate`.
 * @module
 */

export interface paths {
    "/v1/emails": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Compose an email: send now, send at a time (notBefore), or save as draft
         * @description JSON (`ComposeEmail`, attachments by blob reference) or multipart/form-data with a `message` part (the same JSON) and file parts streamed into the object store (100 MB in total; at most 250 files; a part named `inline:<cid>` is an inline image). 202 means the email is durable in the outbox. `Idempotency-Key` (≤ 256 chars, 24 h): the same key and payload replay the first response; a different payload is 409 IDEMPOTENCY_CONFLICT.
         */
        post: operations["composeEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/emails/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Open an email with every attempt (time, error, provider status) and its status history */
        get: operations["getEmail"];
        put?: never;
        post?: never;
        /** Delete a draft, failed, cancelled or sent email */
        delete: operations["deleteEmail"];
        options?: never;
        head?: never;
        /** Edit a draft (replaces its content; `mode: send` sends it) */
        patch: operations["updateDraft"];
        trace?: never;
    };
    "/v1/emails/{id}/send": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send again: queue a failed, cancelled or draft email (attempts count afresh) */
        post: operations["sendEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/emails/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a queued email */
        post: operations["cancelEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/emails/{id}/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resend a sent email (a new email cloned from it) */
        post: operations["resendEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/blobs/{sha256}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Upload content to refer to by hash (attachments, event datasets)
         * @description The raw bytes are the body (`application/octet-stream`, or `application/json` for a dataset; at most 100 MB); the path names their sha-256 (lower-case hex). Answers `{ sha256, size }` as measured here; a body whose hash differs is 400 and is not yours to use. The reference is usable only by your company; identical bytes are stored once, whoever uploads them.
         */
        put: operations["uploadBlob"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/outbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The outbox: drafts, queued, processing, failed and cancelled emails */
        get: operations["listOutbox"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sent emails (date filters apply to the time sent) */
        get: operations["listSent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/emails/{id}/body": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An email's body as stored (HTML, or the text part with part=text)
         * @description Answered with `Content-Security-Policy: sandbox`, so a browser shows it without running anything in it.
         */
        get: operations["getEmailBody"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/emails/{id}/attachments/{index}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download an attachment of an email (streamed) */
        get: operations["downloadEmailAttachment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/throttle": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every account's live rate, concurrency and daily-quota usage across all replicas, one page
         * @description The caller's company's accounts by id (an account that never sent shows zeros). One call answers for every account, so a page that shows them all needs no call per account.
         */
        get: operations["listThrottleStates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/throttle/{accountId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An account's live rate, concurrency and daily-quota usage across all replicas */
        get: operations["getThrottle"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/activity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sent and failed emails per account per day (whole history, newest day first) */
        get: operations["getActivity"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Counts, progress and a page of events */
        get: operations["listEvents"];
        put?: never;
        /**
         * Accept a posting event
         * @description Same payload as the JetStream subject. Answers 202 once the event is durable in the stream; the company must be the token's. `postingUser` must be the caller (its address and licence come from the token; only a full licence sends, as in compose) unless the token has the `email-integration` permission, which lets an ERP post for any user of its company. Blob references (`datasetBlob`, `extraAttachments`) must be the company's own (404 otherwise). A known event id is answered with its status and not processed again.
         */
        post: operations["postEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One event and what became of it (its email: id, Message-ID, provider id, last error) */
        get: operations["getEvent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Retry a failed event */
        post: operations["retryEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{id}/connect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Connect the caller's mailbox to an account (OAuth 2.0 authorization code with PKCE)
         * @description Returns the Microsoft sign-in URL. After signing in, the browser returns to /oauth/callback, which stores the refresh token encrypted in the config service. For Current User accounts, Microsoft 365 accounts in delegated mode and SMTP accounts with delegated OAuth 2.0.
         */
        post: operations["connectMailbox"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{id}/connection": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether the caller's mailbox is connected to an account */
        get: operations["getMailboxConnection"];
        put?: never;
        post?: never;
        /**
         * Disconnect the caller's mailbox from an account
         * @description Forgets the stored refresh token and drops cached access tokens; sends through this account fail with NOT_CONNECTED until the user connects again. Revoke the app in the Microsoft account too to end the grant at Microsoft.
         */
        delete: operations["disconnectMailbox"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether the caller's mailbox is connected, for every account users connect their own mailbox to
         * @description The caller's company's Current User, delegated Microsoft 365 and delegated SMTP OAuth 2.0 accounts by id, one page; other accounts have nothing to connect and are not listed.
         */
        get: operations["listMailboxConnections"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where the Microsoft sign-in returns (redirect URI) */
        get: operations["oauthCallback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An endpoint's delivery log, newest first (kept 7 days) */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/deliveries/{deliveryId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One delivery with its attempts (status, response code, duration) */
        get: operations["getWebhookDelivery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a finished delivery again (same webhook-id; retried on the usual schedule) */
        post: operations["resendWebhookDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/ping": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Post a signed test ping (type webhook.ping) now, once, and show the answer
         * @description Made even when the endpoint is disabled, to check it before enabling it again; not retried, not counted towards disabling.
         */
        post: operations["pingWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        EmailRecord: {
            id: string;
            company: string;
            /** @enum {string} */
            status: "draft" | "queued" | "processing" | "sent" | "failed" | "cancelled";
            messageId: string;
            accountId: string;
            connector: string;
            scenario: string;
            sendFrom: string;
            ownerUserId: string;
            ownerEmail: string | null;
            from: {
                /** @example ap@fabrikam.example */
                address: string;
                name?: string;
            } | null;
            to: {
                /** @example ap@fabrikam.example */
                address: string;
                name?: string;
            }[];
            cc: {
                /** @example ap@fabrikam.example */
                address: string;
                name?: string;
            }[];
            bcc: {
                /** @example ap@fabrikam.example */
                address: string;
                name?: string;
            }[];
            replyTo: {
                /** @example ap@fabrikam.example */
                address: string;
                name?: string;
            }[];
            subject: string;
            htmlBody: {
                sha256: string;
                size: number;
            } | null;
            textBody: {
                sha256: string;
                size: number;
            } | null;
            attachments: {
                fileName: string;
                /** @default application/octet-stream */
                contentType: string;
                blob: {
                    sha256: string;
                    size: number;
                };
                contentId?: string;
                /** @default false */
                inline: boolean;
            }[];
            headers: {
                [key: string]: string;
            };
            relatedRecords: {
                /** @example sales-invoice */
                recordType: string;
                /** @example 103045 */
                recordId: string;
                /**
                 * @default related-entity
                 * @enum {string}
                 */
                relation: "primary-source" | "related-entity";
            }[];
            notBefore: string | null;
            nextAttemptAt: string | null;
            attempts: {
                number: number;
                startedAt: string;
                finishedAt: string | null;
                /** @enum {string} */
                outcome: "in-flight" | "sent" | "transient-error" | "permanent-error" | "throttled" | "interrupted";
                error: string | null;
                errorCode: string | null;
                providerStatus: number | null;
                dispatcherId: string | null;
            }[];
            history: {
                /** @enum {string} */
                status: "draft" | "queued" | "processing" | "sent" | "failed" | "cancelled";
                at: string;
                reason: string | null;
            }[];
            lastError: string | null;
            providerMessageId: string | null;
            sourceEventId: string | null;
            dispatch?: {
                generation: number;
                firstAttempt: number;
                pointerSeq?: number;
            };
            createdAt: string;
            updatedAt: string;
            sentAt: string | null;
        };
        /**
         * @example {
         *       "type": "https://verzend.dev/problems/validation-failed",
         *       "title": "The request is not valid",
         *       "status": 400,
         *       "detail": "The request is not valid (settings.port: Too big: expected number to be <=65535).",
         *       "code": "VALIDATION_FAILED",
         *       "errors": [
         *         {
         *           "path": "settings.port",
         *           "message": "Too big: expected number to be <=65535"
         *         }
         *       ]
         *     }
         */
        Problem: {
            type: string;
            title: string;
            status: number;
            detail: string;
            /** @enum {string} */
            code: "BAD_REQUEST" | "VALIDATION_FAILED" | "INVALID_ADDRESS" | "TOO_MANY_RECIPIENTS" | "HEADER_INJECTION" | "UNAUTHORIZED" | "FORBIDDEN" | "LICENCE_NOT_ALLOWED" | "NOT_FOUND" | "CONFLICT" | "IDEMPOTENCY_CONFLICT" | "DEFAULT_ACCOUNT_REQUIRED" | "SUBSTITUTION_ACCOUNT_EXISTS" | "INVALID_STATE" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "LAYOUT_INVALID" | "RENDER_FAILED" | "NEEDS_CREDENTIALS" | "NOT_CONNECTED" | "RATE_LIMITED" | "INTERNAL" | "UPSTREAM_FAILED" | "CONNECTION_FAILED" | "AUTH_FAILED" | "RECIPIENT_REJECTED" | "RECIPIENT_NOT_ALLOWED" | "MESSAGE_REJECTED" | "MESSAGE_TOO_LARGE" | "MAILBOX_NOT_ENABLED" | "CONSENT_MISSING" | "MFA_REQUIRED" | "TOKEN_EXPIRED" | "PROVIDER_THROTTLED" | "PROVIDER_TEMPORARY_FAILURE" | "UNAVAILABLE" | "TIMEOUT" | "INSUFFICIENT_STORAGE";
            instance?: string;
            requestId?: string;
            retry?: boolean;
            errors?: ({
                path: string;
                message: string;
            } & {
                [key: string]: unknown;
            })[];
        };
        /**
         * @example {
         *       "to": [
         *         "ap@fabrikam.example"
         *       ],
         *       "subject": "Invoice 103045 from CRONUS",
         *       "html": "<p>Dear customer, please find attached…</p>",
         *       "scenario": "sales-invoice",
         *       "relatedRecords": [
         *         {
         *           "recordType": "sales-invoice",
         *           "recordId": "103045",
         *           "relation": "primary-source"
         *         }
         *       ]
         *     }
         */
        ComposeEmail: {
            /** @default [] */
            to: (string | {
                /** @example ap@fabrikam.example */
                address: string;
                name?: string;
            })[];
            /** @default [] */
            cc: (string | {
                /** @example ap@fabrikam.example */
                address: string;
                name?: string;
            })[];
            /** @default [] */
            bcc: (string | {
                /** @example ap@fabrikam.example */
                address: string;
                name?: string;
            })[];
            /** @default [] */
            replyTo: (string | {
                /** @example ap@fabrikam.example */
                address: string;
                name?: string;
            })[];
            subject: string;
            html?: string;
            text?: string;
            /** @default [] */
            attachments: {
                fileName: string;
                /** @default application/octet-stream */
                contentType: string;
                blob: {
                    sha256: string;
                    size: number;
                };
                contentId?: string;
                /** @default false */
                inline: boolean;
            }[];
            /** @example sales-invoice */
            scenario?: string;
            accountId?: string;
            /** @default [] */
            relatedRecords: {
                /** @example sales-invoice */
                recordType: string;
                /** @example 103045 */
                recordId: string;
                /**
                 * @default related-entity
                 * @enum {string}
                 */
                relation: "primary-source" | "related-entity";
            }[];
            /** @default {} */
            headers: {
                [key: string]: string;
            };
            /** Format: date-time */
            notBefore?: string;
            /**
             * @default send
             * @enum {string}
             */
            mode: "send" | "draft";
            /** @default true */
            addDefaultAttachments: boolean;
        };
        EmailPage: {
            items: components["schemas"]["EmailRecord"][];
            nextCursor: string | null;
        };
        ThrottleStatePage: {
            items: components["schemas"]["ThrottleState"][];
            nextCursor: string | null;
        };
        ThrottleState: {
            accountId: string;
            windowMs: number;
            /** @description Sends per window; 0 = unlimited. */
            rateLimit: number;
            /** @description Completed sends still counted plus sends in flight. */
            sendsInWindow: number;
            inFlight: number;
            concurrencyLimit: number;
            dailyRecipientQuota: number;
            recipientsLast24h: number;
            /** @description When the window frees a slot, if it is full. */
            nextFreeAt: string | null;
        };
        Activity: {
            /** Format: date */
            from: string;
            /** Format: date */
            to: string;
            items: {
                accountId: string;
                /** Format: date */
                day: string;
                sent: number;
                failed: number;
            }[];
        };
        /**
         * @example {
         *       "eventId": "SI-103045-1",
         *       "status": "received",
         *       "duplicate": false,
         *       "href": "/v1/events/SI-103045-1"
         *     }
         */
        AcceptedEvent: {
            eventId: string;
            /** @enum {string} */
            status: "received" | "processing" | "rendered" | "queued" | "sent" | "draft" | "skipped" | "failed";
            duplicate: boolean;
            href: string;
        };
        /**
         * @example {
         *       "eventId": "SI-103045-1",
         *       "company": "cronus",
         *       "documentType": "sales-invoice",
         *       "documentNo": "103045",
         *       "reportUsage": "sales-invoice",
         *       "dataset": {
         *         "currency": "EUR",
         *         "language": "en-GB",
         *         "amountDue": 1830.17,
         *         "companyName": "CRONUS",
         *         "Customer": {
         *           "No": "10000",
         *           "Name": "Adatum Corporation"
         *         },
         *         "Lines": [
         *           {
         *             "No": "1896-S",
         *             "Description": "ATHENS Desk",
         *             "Quantity": 2,
         *             "Amount": 1298.8
         *           }
         *         ],
         *         "Totals": {
         *           "Subtotal": 1512.53,
         *           "VatAmount": 317.64,
         *           "Total": 1830.17
         *         }
         *       },
         *       "customer": {
         *         "no": "10000",
         *         "name": "Adatum Corporation",
         *         "emails": [
         *           "robert.townes@adatum.example.com"
         *         ],
         *         "sendingProfile": "EMAIL",
         *         "language": "en-GB"
         *       },
         *       "relatedRecords": [],
         *       "postingUser": {
         *         "id": "anna",
         *         "email": "anna@cronus.example.com",
         *         "name": "Anna Lindqvist"
         *       },
         *       "extraAttachments": []
         *     }
         */
        DocumentPostedEvent: {
            eventId: string;
            company: string;
            /** @enum {string} */
            documentType: "sales-quote" | "sales-order" | "sales-invoice" | "sales-credit-memo" | "reminder" | "finance-charge" | "customer-statement" | "purchase-quote" | "purchase-order" | "vendor-remittance" | "service-invoice";
            documentNo: string;
            /** @enum {string} */
            reportUsage?: "sales-quote" | "sales-order-confirmation" | "sales-invoice" | "sales-credit-memo" | "reminder" | "finance-charge" | "customer-statement" | "purchase-quote" | "purchase-order" | "vendor-remittance" | "service-invoice";
            dataset?: {
                currency?: string;
                language?: string;
                amountDue?: number;
                companyName?: string;
            } & {
                [key: string]: unknown;
            };
            datasetBlob?: {
                sha256: string;
                size: number;
            };
            customer: {
                no: string;
                name: string;
                /** @default [] */
                emails: string[];
                sendingProfile?: string;
                language?: string;
            };
            /** @default [] */
            relatedRecords: {
                /** @example sales-invoice */
                recordType: string;
                /** @example 103045 */
                recordId: string;
                /**
                 * @default related-entity
                 * @enum {string}
                 */
                relation: "primary-source" | "related-entity";
            }[];
            postingUser: {
                id: string;
                /** @example ap@fabrikam.example */
                email?: string;
                name?: string;
                /** @enum {string} */
                licence?: "full" | "limited" | "team-member" | "delegated-admin" | "external-accountant";
            };
            /** @default [] */
            extraAttachments: {
                fileName: string;
                contentType: string;
                blob: {
                    sha256: string;
                    size: number;
                };
            }[];
            eDocument?: components["schemas"]["EDocument"];
            /** Format: date-time */
            postedAt?: string;
        };
        EDocument: {
            format: string;
            rootElement: string;
            namespace?: string;
            xml?: string;
            blob?: {
                sha256: string;
                size: number;
            };
        };
        /**
         * @example {
         *       "counts": {
         *         "received": 0,
         *         "processing": 10,
         *         "rendered": 2,
         *         "queued": 31,
         *         "sent": 4939,
         *         "draft": 6,
         *         "skipped": 9,
         *         "failed": 3
         *       },
         *       "total": 5000,
         *       "progress": {
         *         "done": 4988,
         *         "pending": 12,
         *         "percent": 99.7
         *       },
         *       "items": [
         *         {
         *           "eventId": "SI-108000",
         *           "company": "cronus",
         *           "documentType": "sales-invoice",
         *           "documentNo": "108000",
         *           "status": "failed",
         *           "reason": "Customer 40000 (Relecloud) has no email address.",
         *           "errorCode": "INVALID_ADDRESS",
         *           "emailId": null,
         *           "attempts": 1,
         *           "receivedAt": "2026-11-27T09:00:41.120Z",
         *           "updatedAt": "2026-11-27T09:00:41.166Z",
         *           "lastError": {
         *             "code": "INVALID_ADDRESS",
         *             "text": "Customer 40000 (Relecloud) has no email address."
         *           }
         *         }
         *       ],
         *       "nextCursor": "MjAyNi0xMS0yN1QwOTowMDo0MS4xMjBafFNJLTEwODAwMA"
         *     }
         */
        EventList: {
            counts: {
                received: number;
                processing: number;
                rendered: number;
                queued: number;
                sent: number;
                draft: number;
                skipped: number;
                failed: number;
            };
            total: number;
            progress: {
                done: number;
                pending: number;
                percent: number;
            };
            items: components["schemas"]["EventRecord"][];
            nextCursor: string | null;
        };
        /**
         * @example {
         *       "eventId": "SI-103045-1",
         *       "company": "cronus",
         *       "documentType": "sales-invoice",
         *       "documentNo": "103045",
         *       "status": "sent",
         *       "reason": null,
         *       "errorCode": null,
         *       "emailId": "0mwya2cs68a60557c573c63c6",
         *       "attempts": 1,
         *       "receivedAt": "2026-11-27T09:00:00.120Z",
         *       "updatedAt": "2026-11-27T09:00:01.431Z",
         *       "scenario": "sales-invoice",
         *       "usage": "sales-invoice",
         *       "sendingProfile": "EMAIL",
         *       "subject": "Invoice 103045 from CRONUS",
         *       "warnings": [],
         *       "nextAttemptAt": null,
         *       "messageId": "<0mwya2cs68a60557c573c63c6@cronus.verzend>",
         *       "providerMessageId": "250 2.0.0 Ok: queued as 4Xk2",
         *       "sentAt": "2026-11-27T09:00:01.412Z",
         *       "lastError": null
         *     }
         */
        EventRecord: {
            eventId: string;
            company: string;
            /** @enum {string} */
            documentType: "sales-quote" | "sales-order" | "sales-invoice" | "sales-credit-memo" | "reminder" | "finance-charge" | "customer-statement" | "purchase-quote" | "purchase-order" | "vendor-remittance" | "service-invoice";
            documentNo: string;
            /** @enum {string} */
            status: "received" | "processing" | "rendered" | "queued" | "sent" | "draft" | "skipped" | "failed";
            reason: string | null;
            errorCode: string | null;
            emailId: string | null;
            attempts: number;
            receivedAt: string;
            updatedAt: string;
            scenario?: string | null;
            usage?: string | null;
            sendingProfile?: string | null;
            subject?: string | null;
            warnings?: string[];
            nextAttemptAt?: string | null;
            messageId?: string | null;
            providerMessageId?: string | null;
            sentAt?: string | null;
            lastError?: {
                code: string;
                text: string;
            } | null;
        };
        ConnectResponse: {
            /** Format: uri */
            authorizeUrl: string;
            state: string;
            expiresAt: string;
        };
        /**
         * @example {
         *       "loginHint": "anna@contoso.example"
         *     }
         */
        ConnectRequest: {
            /**
             * @description Pre-fills the sign-in page.
             * @example ap@fabrikam.example
             */
            loginHint?: string;
        };
        ConnectionStatus: {
            accountId: string;
            userId: string;
            connected: boolean;
            scope: string | null;
        };
        ConnectionStatusPage: {
            items: components["schemas"]["ConnectionStatus"][];
            nextCursor: string | null;
        };
        Connected: {
            /** @enum {boolean} */
            connected: true;
            accountId: string;
            userId: string;
            scope: string | null;
            signedInAs: string;
        };
        WebhookDeliveryPage: {
            items: components["schemas"]["WebhookDelivery"][];
            nextCursor: string | null;
        };
        WebhookDelivery: {
            id: string;
            company: string;
            endpointId: string;
            webhookId: string;
            type: string;
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed" | "cancelled";
            attempts: {
                attempt: number;
                at: string;
                responseCode: number | null;
                durationMs: number;
                succeeded: boolean;
                error: string | null;
                responseExcerpt: string | null;
            }[];
            roundStartAttempt: number;
            nextAttemptAt: string | null;
            createdAt: string;
            updatedAt: string;
            payload: {
                [key: string]: unknown;
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    composeEmail: {
        parameters: {
            query?: never;
            header?: {
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ComposeEmail"];
                "multipart/form-data": {
                    message: string;
                    file?: string;
                };
            };
        };
        responses: {
            /** @description Draft saved */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmailRecord"];
                };
            };
            /** @description Queued (durable) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmailRecord"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or belongs to another company) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Cannot be processed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getEmail: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmailRecord"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or belongs to another company) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteEmail: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or belongs to another company) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateDraft: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmailRecord"];
                };
            };
            /** @description Queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmailRecord"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or belongs to another company) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Cannot be processed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sendEmail: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmailRecord"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or belongs to another company) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Cannot be processed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelEmail: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmailRecord"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or belongs to another company) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Cannot be processed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resendEmail: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmailRecord"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or belongs to another company) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Cannot be processed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    uploadBlob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sha256: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/octet-stream": string;
                "application/json": string;
            };
        };
        responses: {
            /** @description Stored (or already stored) and yours to use */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        sha256: string;
                        size: number;
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listOutbox: {
        parameters: {
            query?: {
                accountId?: string;
                scenario?: string;
                recordType?: string;
                recordId?: string;
                /** @description Inclusive lower bound. */
                from?: string;
                /** @description Exclusive upper bound. */
                to?: string;
                /** @description Text in the subject or a recipient address or name (case-insensitive). */
                q?: string;
                limit?: number;
                cursor?: string;
                /** @description Comma-separated statuses (default: all outbox statuses). */
                status?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmailPage"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSent: {
        parameters: {
            query?: {
                accountId?: string;
                scenario?: string;
                recordType?: string;
                recordId?: string;
                /** @description Inclusive lower bound. */
                from?: string;
                /** @description Exclusive upper bound. */
                to?: string;
                /** @description Text in the subject or a recipient address or name (case-insensitive). */
                q?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmailPage"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getEmailBody: {
        parameters: {
            query?: {
                part?: "html" | "text";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The body */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                    "text/plain": string;
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or belongs to another company) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    downloadEmailAttachment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                index: number | null;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or belongs to another company) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listThrottleStates: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ThrottleStatePage"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getThrottle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                accountId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ThrottleState"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or belongs to another company) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getActivity: {
        parameters: {
            query?: {
                /** @description First day (UTC, inclusive); default: 29 days before `to`. */
                from?: string;
                /** @description Last day (UTC, inclusive); default: today. */
                to?: string;
                accountId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Activity"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEvents: {
        parameters: {
            query?: {
                status?: "received" | "processing" | "rendered" | "queued" | "sent" | "draft" | "skipped" | "failed";
                documentType?: "sales-quote" | "sales-order" | "sales-invoice" | "sales-credit-memo" | "reminder" | "finance-charge" | "customer-statement" | "purchase-quote" | "purchase-order" | "vendor-remittance" | "service-invoice";
                documentNo?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventList"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postEvent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DocumentPostedEvent"];
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptedEvent"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or belongs to another company) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventRecord"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or belongs to another company) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    retryEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued for another try */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventRecord"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or belongs to another company) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    connectMailbox: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ConnectRequest"];
            };
        };
        responses: {
            /** @description Sign-in started */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectResponse"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or belongs to another company) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Cannot be processed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMailboxConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionStatus"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or belongs to another company) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    disconnectMailbox: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Disconnected */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or belongs to another company) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMailboxConnections: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionStatusPage"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    oauthCallback: {
        parameters: {
            query?: {
                state?: string;
                code?: string;
                error?: string;
                error_description?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Connected (HTML for browsers, JSON otherwise) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Connected"];
                    "text/html": string;
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or belongs to another company) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryPage"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or belongs to another company) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhookDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                deliveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or belongs to another company) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resendWebhookDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                deliveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or belongs to another company) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    pingWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed for this user */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or belongs to another company) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
