/**
 * Types of the Verzend config API, generated from its OpenAPI document.
 * Do not edit: run `pnpm client:generate`.
 * @module
 */

export interface paths {
    "/v1/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the email accounts (default first) */
        get: operations["listAccounts"];
        put?: never;
        /**
         * Create an account (the first one becomes the default)
         * @description Secrets (password, clientSecret, clientCertificate, refreshToken, accessToken) are write-only: they are encrypted at rest and never returned; `secretsSet` lists which are present and `missingCredentials` what the connector still needs. OAuth accounts may refer to the company's app registration (`appRegistrationId`) instead of repeating tenant, app and credential.
         */
        post: operations["createAccount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read an account */
        get: operations["getAccount"];
        put?: never;
        post?: never;
        /**
         * Delete an account
         * @description Deleting the default account while other accounts remain needs `newDefault` (409 DEFAULT_ACCOUNT_REQUIRED otherwise); when exactly one other account remains it becomes the default.
         */
        delete: operations["deleteAccount"];
        options?: never;
        head?: never;
        /** Change an account (settings replace the whole settings object) */
        patch: operations["updateAccount"];
        trace?: never;
    };
    "/v1/accounts/{id}/default": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make an account the default */
        post: operations["setDefaultAccount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check connectivity (optionally send a test email)
         * @description The dispatcher connects and authenticates with the account; with `sendTestTo` it also sends a test email. 503 UNAVAILABLE when no dispatcher answers.
         */
        post: operations["testAccount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{id}/secrets/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove one secret of an account
         * @description Secrets are set with POST/PATCH (write-only). This removes one, e.g. the password after moving to OAuth; the account may then need credentials.
         */
        delete: operations["clearAccountSecret"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/app-registrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the company's Microsoft Entra app registrations for email */
        get: operations["listAppRegistrations"];
        put?: never;
        /**
         * Add an app registration (tenant, app, credential, redirect URI, national cloud)
         * @description Secrets (clientSecret, or clientCertificate: one PEM with the certificate and its private key) are write-only, encrypted at rest and never returned; `secretsSet` lists which are present. A copied company gets the registration without its secrets.
         */
        post: operations["createAppRegistration"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/app-registrations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read an app registration and its admin-consent URL */
        get: operations["getAppRegistration"];
        put?: never;
        post?: never;
        /** Delete an app registration no account uses (409 otherwise) */
        delete: operations["deleteAppRegistration"];
        options?: never;
        head?: never;
        /**
         * Change an app registration (accounts using it follow at their next send)
         * @description Secrets (clientSecret, or clientCertificate: one PEM with the certificate and its private key) are write-only, encrypted at rest and never returned; `secretsSet` lists which are present. A copied company gets the registration without its secrets.
         */
        patch: operations["updateAppRegistration"];
        trace?: never;
    };
    "/v1/scenarios": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List standard and custom scenarios with their assigned account
         * @description `accountId: null` means the scenario uses the default account.
         */
        get: operations["listScenarios"];
        put?: never;
        /** Create a custom scenario (code starts with "custom-") */
        post: operations["createScenario"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scenarios/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a scenario */
        get: operations["getScenario"];
        put?: never;
        post?: never;
        /** Delete a custom scenario (with its assignment and default attachments) */
        delete: operations["deleteScenario"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scenarios/{code}/account": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account the scenario resolves to (assigned, else the default) */
        get: operations["getScenarioAccount"];
        /**
         * Assign (or reassign) the scenario to an account
         * @description Assigning the `default` scenario makes the account the default account.
         */
        put: operations["assignScenario"];
        post?: never;
        /** Unassign the scenario (it falls back to the default account) */
        delete: operations["unassignScenario"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scenarios/{code}/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a scenario's default attachments */
        get: operations["listDefaultAttachments"];
        put?: never;
        /**
         * Upload a default attachment (multipart, streamed, up to MAX_ATTACHMENT_BYTES)
         * @description Stored content-addressed (sha-256): the same file uploaded twice is stored once. `autoAdd` (default true) adds it to every email of the scenario; false offers it for manual adding.
         */
        post: operations["uploadDefaultAttachment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scenarios/{code}/attachments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a default attachment */
        get: operations["getDefaultAttachment"];
        put?: never;
        post?: never;
        /** Remove a default attachment */
        delete: operations["deleteDefaultAttachment"];
        options?: never;
        head?: never;
        /** Flag a default attachment as auto-added or offered */
        patch: operations["updateDefaultAttachment"];
        trace?: never;
    };
    "/v1/scenarios/{code}/attachments/{id}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download a default attachment (streamed) */
        get: operations["downloadDefaultAttachment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/view-policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List view policies (empty userId = all users) */
        get: operations["listViewPolicies"];
        /** Set the policy of a user (or of all users with an empty userId) */
        put: operations["putViewPolicy"];
        post?: never;
        /** Remove the policy row of a user (or the all-users row) */
        delete: operations["deleteViewPolicy"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/view-policies/effective": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's effective policy (own row, else all-users row, else all-related-records) */
        get: operations["getEffectiveViewPolicy"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/layouts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List built-in and custom layouts */
        get: operations["listLayouts"];
        put?: never;
        /**
         * Upload a Word (.docx) layout
         * @description Checked before anything is stored: size (MAX_LAYOUT_BYTES), a real Word document (zip with word/document.xml and [Content_Types].xml, no macros), zip-bomb guard from the zip directory, then the renderer validates the tags. 422 LAYOUT_INVALID lists every error; 503 when no renderer answers (nothing is stored).
         */
        post: operations["uploadLayout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/layouts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a layout */
        get: operations["getLayout"];
        put?: never;
        post?: never;
        /** Delete a custom layout that no report selection uses */
        delete: operations["deleteLayout"];
        options?: never;
        head?: never;
        /** Rename or re-describe a custom layout (built-ins are read-only) */
        patch: operations["updateLayout"];
        trace?: never;
    };
    "/v1/layouts/{id}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export (download) the .docx of a layout */
        get: operations["exportLayout"];
        /**
         * Replace the .docx of a custom layout (e.g. a customised built-in edited in Word)
         * @description Same checks as an upload; the layout keeps its id, so report selections keep using it.
         */
        put: operations["replaceLayoutContent"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/layouts/{id}/customise": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Copy a layout (e.g. a built-in) into an editable "Copy of <name>" */
        post: operations["customiseLayout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/report-selections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List report selections (company-wide and customer overrides) */
        get: operations["listReportSelections"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/report-selections/{usage}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read the selection of a usage (or of a customer override) */
        get: operations["getReportSelection"];
        /** Set the selection of a usage (customerNo for a customer override) */
        put: operations["putReportSelection"];
        post?: never;
        /** Remove the selection of a usage (or a customer override) */
        delete: operations["deleteReportSelection"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/report-selections/{usage}/effective": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The selection that applies (the customer's override, else company-wide) */
        get: operations["getEffectiveReportSelection"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sending-profiles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List document sending profiles */
        get: operations["listSendingProfiles"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sending-profiles/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a sending profile */
        get: operations["getSendingProfile"];
        /** Create or replace a sending profile (isDefault makes it the only default) */
        put: operations["putSendingProfile"];
        post?: never;
        /** Delete a sending profile */
        delete: operations["deleteSendingProfile"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment-services": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The company's payment services (paypal null when not set up) */
        get: operations["getPaymentServices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment-services/paypal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set up PayPal Payments Standard */
        put: operations["putPayPal"];
        post?: never;
        /** Remove PayPal */
        delete: operations["deletePayPal"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/retention": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The company's retention settings (the defaults until changed) */
        get: operations["getRetention"];
        /**
         * Change how long emails, event records, captured messages and telemetry are kept
         * @description Every field is a number of whole days; a field left out gets its default. Sent and failed emails and event records are kept at least 7 days (as Business Central requires); queued, processing and draft emails are never deleted, whatever their age.
         */
        put: operations["putRetention"];
        post?: never;
        /** Go back to the default retention settings */
        delete: operations["resetRetention"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/company": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your company's record */
        get: operations["getCompany"];
        /** Create or change your company's record */
        put: operations["putCompany"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/company/copy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Copy your company into a new company (never its secrets)
         * @description Copies accounts, scenarios, default attachments, view policies, layouts, report selections, sending profiles and payment settings. Secrets stay behind: copied accounts report needsCredentials and cannot send until an administrator updates them. The target company must not exist yet (409).
         */
        post: operations["copyCompany"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the company's webhook endpoints */
        get: operations["listWebhookEndpoints"];
        put?: never;
        /**
         * Add a webhook endpoint (the answer shows its signing secret, once)
         * @description The signing secret (Standard Webhooks, `whsec_` + base64) is made by the server unless given, returned in this answer only, stored encrypted and never shown again. Plain http and loopback, link-local or metadata addresses are refused unless the outbound allowlist opens them.
         */
        post: operations["createWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a webhook endpoint (never its secret) */
        get: operations["getWebhookEndpoint"];
        put?: never;
        post?: never;
        /** Delete a webhook endpoint and its secret (waiting deliveries are cancelled) */
        delete: operations["deleteWebhookEndpoint"];
        options?: never;
        head?: never;
        /** Change a webhook endpoint (enabling it clears disabledReason) */
        patch: operations["updateWebhookEndpoint"];
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replace the signing secret (the answer shows the new one, once)
         * @description Deliveries signed from now on use the new secret; a delivery already being retried is signed with the secret current at each attempt.
         */
        post: operations["rotateWebhookSecret"];
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
        AccountList: {
            items: components["schemas"]["Account"][];
        };
        Account: {
            id: string;
            company: string;
            name: string;
            /** @example ap@fabrikam.example */
            emailAddress: string;
            settings: {
                /** @enum {string} */
                connector: "smtp";
                /** @example smtp.office365.com */
                host: string;
                /** @default 587 */
                port: number;
                /**
                 * @default starttls
                 * @enum {string}
                 */
                tls: "none" | "starttls" | "tls";
                /** @default true */
                verifyCertificate: boolean;
                /**
                 * @default basic
                 * @enum {string}
                 */
                auth: "anonymous" | "basic" | "oauth2";
                userName?: string;
                /**
                 * @default specific-user
                 * @enum {string}
                 */
                senderType: "specific-user" | "current-user";
                senderName?: string;
                /** @example ap@fabrikam.example */
                senderAddress?: string;
                /**
                 * @default none
                 * @enum {string}
                 */
                senderSubstitution: "none" | "send-as" | "send-on-behalf";
                oauth?: {
                    appRegistrationId?: string;
                    tenantId?: string;
                    clientId?: string;
                    /** @enum {string} */
                    cloud?: "global" | "us-government" | "china";
                    /**
                     * @default client-credentials
                     * @enum {string}
                     */
                    mode: "client-credentials" | "delegated";
                    /** @default https://outlook.office365.com/.default */
                    scope: string;
                };
            } | {
                /** @enum {string} */
                connector: "microsoft365";
                appRegistrationId?: string;
                tenantId?: string;
                clientId?: string;
                /** @enum {string} */
                cloud?: "global" | "us-government" | "china";
                /** @example ap@fabrikam.example */
                sharedMailbox: string;
                /**
                 * @default app-only
                 * @enum {string}
                 */
                mode: "app-only" | "delegated";
            } | {
                /** @enum {string} */
                connector: "current-user";
                appRegistrationId?: string;
                tenantId?: string;
                clientId?: string;
                /** @enum {string} */
                cloud?: "global" | "us-government" | "china";
                /**
                 * Format: uri
                 * @example https://verzend.contoso.example/oauth/callback
                 */
                redirectUri?: string;
            } | {
                /** @enum {string} */
                connector: "capture";
                /** @default [] */
                allowlist: string[];
            };
            isDefault: boolean;
            needsCredentials: boolean;
            /** @default [] */
            missingCredentials: string[];
            secretsSet: ("password" | "clientSecret" | "refreshToken" | "accessToken" | "clientCertificate")[];
            version: number;
            createdAt: string;
            updatedAt: string;
            rateLimitPerMinute: number;
            /** @default 3 */
            concurrencyLimit: number;
            /** @default 5 */
            maxAttempts: number;
            dailyRecipientQuota: number;
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
         *       "name": "Sales",
         *       "emailAddress": "sales@cronus.example",
         *       "settings": {
         *         "connector": "smtp",
         *         "host": "smtp.cronus.example",
         *         "port": 587,
         *         "tls": "starttls",
         *         "auth": "basic",
         *         "userName": "sales@cronus.example"
         *       },
         *       "secrets": {
         *         "password": "••••"
         *       }
         *     }
         */
        AccountCreate: {
            name: string;
            /** @example ap@fabrikam.example */
            emailAddress: string;
            settings: {
                /** @enum {string} */
                connector: "smtp";
                /** @example smtp.office365.com */
                host: string;
                /** @default 587 */
                port: number;
                /**
                 * @default starttls
                 * @enum {string}
                 */
                tls: "none" | "starttls" | "tls";
                /** @default true */
                verifyCertificate: boolean;
                /**
                 * @default basic
                 * @enum {string}
                 */
                auth: "anonymous" | "basic" | "oauth2";
                userName?: string;
                /**
                 * @default specific-user
                 * @enum {string}
                 */
                senderType: "specific-user" | "current-user";
                senderName?: string;
                /** @example ap@fabrikam.example */
                senderAddress?: string;
                /**
                 * @default none
                 * @enum {string}
                 */
                senderSubstitution: "none" | "send-as" | "send-on-behalf";
                oauth?: {
                    appRegistrationId?: string;
                    tenantId?: string;
                    clientId?: string;
                    /** @enum {string} */
                    cloud?: "global" | "us-government" | "china";
                    /**
                     * @default client-credentials
                     * @enum {string}
                     */
                    mode: "client-credentials" | "delegated";
                    /** @default https://outlook.office365.com/.default */
                    scope: string;
                };
            } | {
                /** @enum {string} */
                connector: "microsoft365";
                appRegistrationId?: string;
                tenantId?: string;
                clientId?: string;
                /** @enum {string} */
                cloud?: "global" | "us-government" | "china";
                /** @example ap@fabrikam.example */
                sharedMailbox: string;
                /**
                 * @default app-only
                 * @enum {string}
                 */
                mode: "app-only" | "delegated";
            } | {
                /** @enum {string} */
                connector: "current-user";
                appRegistrationId?: string;
                tenantId?: string;
                clientId?: string;
                /** @enum {string} */
                cloud?: "global" | "us-government" | "china";
                /**
                 * Format: uri
                 * @example https://verzend.contoso.example/oauth/callback
                 */
                redirectUri?: string;
            } | {
                /** @enum {string} */
                connector: "capture";
                /** @default [] */
                allowlist: string[];
            };
            secrets?: {
                password?: string;
                clientSecret?: string;
                refreshToken?: string;
                accessToken?: string;
                clientCertificate?: string;
            };
            rateLimitPerMinute?: number;
            /** @default 3 */
            concurrencyLimit: number;
            /** @default 5 */
            maxAttempts: number;
            dailyRecipientQuota?: number;
        };
        AccountUpdate: {
            name?: string;
            /** @example ap@fabrikam.example */
            emailAddress?: string;
            settings?: {
                /** @enum {string} */
                connector: "smtp";
                /** @example smtp.office365.com */
                host: string;
                /** @default 587 */
                port: number;
                /**
                 * @default starttls
                 * @enum {string}
                 */
                tls: "none" | "starttls" | "tls";
                /** @default true */
                verifyCertificate: boolean;
                /**
                 * @default basic
                 * @enum {string}
                 */
                auth: "anonymous" | "basic" | "oauth2";
                userName?: string;
                /**
                 * @default specific-user
                 * @enum {string}
                 */
                senderType: "specific-user" | "current-user";
                senderName?: string;
                /** @example ap@fabrikam.example */
                senderAddress?: string;
                /**
                 * @default none
                 * @enum {string}
                 */
                senderSubstitution: "none" | "send-as" | "send-on-behalf";
                oauth?: {
                    appRegistrationId?: string;
                    tenantId?: string;
                    clientId?: string;
                    /** @enum {string} */
                    cloud?: "global" | "us-government" | "china";
                    /**
                     * @default client-credentials
                     * @enum {string}
                     */
                    mode: "client-credentials" | "delegated";
                    /** @default https://outlook.office365.com/.default */
                    scope: string;
                };
            } | {
                /** @enum {string} */
                connector: "microsoft365";
                appRegistrationId?: string;
                tenantId?: string;
                clientId?: string;
                /** @enum {string} */
                cloud?: "global" | "us-government" | "china";
                /** @example ap@fabrikam.example */
                sharedMailbox: string;
                /**
                 * @default app-only
                 * @enum {string}
                 */
                mode: "app-only" | "delegated";
            } | {
                /** @enum {string} */
                connector: "current-user";
                appRegistrationId?: string;
                tenantId?: string;
                clientId?: string;
                /** @enum {string} */
                cloud?: "global" | "us-government" | "china";
                /**
                 * Format: uri
                 * @example https://verzend.contoso.example/oauth/callback
                 */
                redirectUri?: string;
            } | {
                /** @enum {string} */
                connector: "capture";
                /** @default [] */
                allowlist: string[];
            };
            secrets?: {
                password?: string;
                clientSecret?: string;
                refreshToken?: string;
                accessToken?: string;
                clientCertificate?: string;
            };
            rateLimitPerMinute?: number;
            /** @default 3 */
            concurrencyLimit: number;
            /** @default 5 */
            maxAttempts: number;
            dailyRecipientQuota?: number;
        };
        /**
         * @example {
         *       "ok": true,
         *       "message": "Connected and authenticated as sales@cronus.example.",
         *       "durationMs": 412
         *     }
         */
        TestAccountResult: {
            ok: boolean;
            message: string;
            durationMs: number;
        };
        /**
         * @example {
         *       "sendTestTo": "admin@cronus.example"
         *     }
         */
        TestAccountRequest: {
            /** Format: email */
            sendTestTo?: string;
        };
        AppRegistrationList: {
            items: components["schemas"]["AppRegistration"][];
        };
        AppRegistration: {
            id: string;
            company: string;
            name: string;
            tenantId: string;
            clientId: string;
            /**
             * @default global
             * @enum {string}
             */
            cloud: "global" | "us-government" | "china";
            /**
             * Format: uri
             * @example https://verzend.contoso.example/oauth/callback
             */
            redirectUri?: string;
            secretsSet: ("clientSecret" | "clientCertificate")[];
            /** Format: uri */
            adminConsentUrl: string;
            version: number;
            createdAt: string;
            updatedAt: string;
        };
        /**
         * @example {
         *       "name": "Verzend email",
         *       "tenantId": "contoso.onmicrosoft.com",
         *       "clientId": "00000000-0000-0000-0000-000000000001",
         *       "cloud": "global",
         *       "redirectUri": "https://verzend.contoso.example/oauth/callback",
         *       "secrets": {
         *         "clientSecret": "••••"
         *       }
         *     }
         */
        AppRegistrationCreate: {
            name: string;
            tenantId: string;
            clientId: string;
            /**
             * @default global
             * @enum {string}
             */
            cloud: "global" | "us-government" | "china";
            /**
             * Format: uri
             * @example https://verzend.contoso.example/oauth/callback
             */
            redirectUri?: string;
            secrets?: {
                clientSecret?: string;
                clientCertificate?: string;
            };
        };
        AppRegistrationUpdate: {
            name?: string;
            tenantId?: string;
            clientId?: string;
            /** @enum {string} */
            cloud?: "global" | "us-government" | "china";
            /**
             * Format: uri
             * @example https://verzend.contoso.example/oauth/callback
             */
            redirectUri?: string;
            secrets?: {
                clientSecret?: string;
                clientCertificate?: string;
            };
        };
        ScenarioList: {
            items: components["schemas"]["Scenario"][];
        };
        Scenario: {
            /** @example sales-invoice */
            code: string;
            name: string;
            standard: boolean;
            accountId: string | null;
        };
        /**
         * @example {
         *       "code": "custom-dunning",
         *       "name": "Dunning letters"
         *     }
         */
        CustomScenarioCreate: {
            /** @example sales-invoice */
            code: string;
            name: string;
        };
        /**
         * @example {
         *       "accountId": "0b6f3c1e-2a5d-4c8e-9f10-3d2e1c0b9a87"
         *     }
         */
        ScenarioAssignment: {
            accountId: string;
        };
        DefaultAttachmentList: {
            items: components["schemas"]["DefaultAttachment"][];
        };
        DefaultAttachment: {
            id: string;
            /** @example sales-invoice */
            scenario: string;
            fileName: string;
            contentType: string;
            blob: {
                sha256: string;
                size: number;
            };
            autoAdd: boolean;
            createdAt: string;
        };
        /**
         * @example {
         *       "autoAdd": false
         *     }
         */
        DefaultAttachmentPatch: {
            autoAdd: boolean;
        };
        ViewPolicyList: {
            items: components["schemas"]["ViewPolicy"][];
        };
        /**
         * @example {
         *       "userId": "",
         *       "policy": "all-related-records"
         *     }
         */
        ViewPolicy: {
            userId: string;
            /** @enum {string} */
            policy: "own" | "all" | "all-related-records" | "any-related-record";
        };
        /**
         * @example {
         *       "policy": "all-related-records",
         *       "source": "fallback"
         *     }
         */
        EffectiveViewPolicy: {
            /** @enum {string} */
            policy: "own" | "all" | "all-related-records" | "any-related-record";
            /** @enum {string} */
            source: "user" | "all-users" | "fallback";
        };
        LayoutList: {
            items: components["schemas"]["Layout"][];
        };
        Layout: {
            id: string;
            name: string;
            /** @default  */
            description: string;
            reportId: number | null;
            builtIn: boolean;
            blob: {
                sha256: string;
                size: number;
            };
            fileName: string;
            createdAt: string;
            updatedAt: string;
        };
        /**
         * @example {
         *       "name": "Invoice email (blue)",
         *       "description": "With our logo"
         *     }
         */
        LayoutPatch: {
            name?: string;
            /** @default  */
            description: string;
            /** @default null */
            reportId: number | null;
        };
        ReportSelectionList: {
            items: components["schemas"]["ReportSelection"][];
        };
        ReportSelection: {
            /** @enum {string} */
            usage: "sales-quote" | "sales-order-confirmation" | "sales-invoice" | "sales-credit-memo" | "reminder" | "finance-charge" | "customer-statement" | "purchase-quote" | "purchase-order" | "vendor-remittance" | "service-invoice";
            customerNo: string | null;
            entries: {
                sequence: number;
                /** @example 1306 */
                reportId: number;
                /** @default false */
                useForEmailBody: boolean;
                bodyLayoutId?: string;
                bodyHeaderFooter?: boolean;
                /** @default true */
                useForEmailAttachment: boolean;
                attachmentLayoutId?: string;
                /** @default false */
                pdfA: boolean;
            }[];
        };
        EffectiveReportSelection: {
            selection: components["schemas"]["ReportSelection"] & (Record<string, never> | null);
        };
        /**
         * @example {
         *       "customerNo": null,
         *       "entries": [
         *         {
         *           "sequence": 1,
         *           "reportId": 1306,
         *           "useForEmailBody": true,
         *           "bodyLayoutId": "builtin-sales-invoice-email",
         *           "useForEmailAttachment": true
         *         }
         *       ]
         *     }
         */
        ReportSelectionPut: {
            /** @default null */
            customerNo: string | null;
            entries: {
                sequence: number;
                /** @example 1306 */
                reportId: number;
                /** @default false */
                useForEmailBody: boolean;
                bodyLayoutId?: string;
                bodyHeaderFooter?: boolean;
                /** @default true */
                useForEmailAttachment: boolean;
                attachmentLayoutId?: string;
                /** @default false */
                pdfA: boolean;
            }[];
        };
        SendingProfileList: {
            items: components["schemas"]["SendingProfile"][];
        };
        /**
         * @example {
         *       "code": "EMAIL",
         *       "description": "Email, default settings",
         *       "email": "yes-use-default",
         *       "attachmentFormat": "pdf",
         *       "isDefault": true
         *     }
         */
        SendingProfile: {
            code: string;
            /** @default  */
            description: string;
            /** @enum {string} */
            email: "no" | "yes-prompt" | "yes-use-default";
            /**
             * @default pdf
             * @enum {string}
             */
            attachmentFormat: "pdf" | "electronic-document" | "pdf-and-electronic-document" | "docx";
            /** @default false */
            isDefault: boolean;
        };
        /**
         * @example {
         *       "description": "Email, default settings",
         *       "email": "yes-use-default",
         *       "attachmentFormat": "pdf",
         *       "isDefault": true
         *     }
         */
        SendingProfilePut: {
            /** @default  */
            description: string;
            /** @enum {string} */
            email: "no" | "yes-prompt" | "yes-use-default";
            /**
             * @default pdf
             * @enum {string}
             */
            attachmentFormat: "pdf" | "electronic-document" | "pdf-and-electronic-document" | "docx";
            /** @default false */
            isDefault: boolean;
        };
        /**
         * @example {
         *       "paypal": {
         *         "enabled": true,
         *         "merchantEmail": "payments@cronus.example",
         *         "environment": "sandbox",
         *         "linkText": "Pay with PayPal"
         *       }
         *     }
         */
        PaymentSettings: {
            paypal: components["schemas"]["PayPalSettings"];
        };
        PayPalSettings: {
            enabled: boolean;
            /** Format: email */
            merchantEmail: string;
            /**
             * @default sandbox
             * @enum {string}
             */
            environment: "sandbox" | "live";
            /** @default Pay with PayPal */
            linkText: string;
        } | null;
        /**
         * @example {
         *       "enabled": true,
         *       "merchantEmail": "payments@cronus.example",
         *       "environment": "live",
         *       "linkText": "Pay with PayPal"
         *     }
         */
        PayPalSettingsPut: {
            enabled: boolean;
            /** Format: email */
            merchantEmail: string;
            /**
             * @default sandbox
             * @enum {string}
             */
            environment: "sandbox" | "live";
            /** @default Pay with PayPal */
            linkText: string;
        };
        /**
         * @example {
         *       "sentEmailsDays": 365,
         *       "failedEmailsDays": 180,
         *       "eventRecordsDays": 90,
         *       "capturedMessagesDays": 30,
         *       "telemetryDays": 7
         *     }
         */
        RetentionSettings: {
            /**
             * @description Sent emails are kept (days; default 90, at least 7)
             * @default 90
             */
            sentEmailsDays: number;
            /**
             * @description Failed and cancelled emails are kept (days; default 180, at least 7)
             * @default 180
             */
            failedEmailsDays: number;
            /**
             * @description Finished posting-event records are kept (days; default 90, at least 7)
             * @default 90
             */
            eventRecordsDays: number;
            /**
             * @description Messages of capture accounts are kept (days; default 30, at least 1)
             * @default 30
             */
            capturedMessagesDays: number;
            /**
             * @description Telemetry events are kept (days; default 7, at least 1)
             * @default 7
             */
            telemetryDays: number;
        };
        /**
         * @example {
         *       "id": "cronus",
         *       "name": "CRONUS International Ltd.",
         *       "isTest": false,
         *       "createdAt": "2026-11-27T09:00:00.000Z"
         *     }
         */
        Company: {
            id: string;
            name: string;
            /** @default false */
            isTest: boolean;
            createdAt: string;
        };
        /**
         * @example {
         *       "name": "CRONUS International Ltd.",
         *       "isTest": false
         *     }
         */
        CompanyPut: {
            name: string;
            isTest?: boolean;
        };
        /**
         * @example {
         *       "company": {
         *         "id": "cronus-test",
         *         "name": "CRONUS (test)",
         *         "isTest": true,
         *         "createdAt": "2026-11-27T09:00:00.000Z"
         *       },
         *       "copied": {
         *         "account": 2,
         *         "scenario": 3,
         *         "layout": 1
         *       },
         *       "accountsNeedingCredentials": [
         *         "0b6f3c1e-2a5d-4c8e-9f10-3d2e1c0b9a87"
         *       ]
         *     }
         */
        CopyCompanyResult: {
            company: {
                id: string;
                name: string;
                /** @default false */
                isTest: boolean;
                createdAt: string;
            };
            copied: {
                [key: string]: number;
            };
            accountsNeedingCredentials: string[];
        };
        /**
         * @example {
         *       "targetCompany": "cronus-test",
         *       "name": "CRONUS (test)",
         *       "isTest": true
         *     }
         */
        CopyCompanyRequest: {
            /** @example cronus */
            targetCompany: string;
            name: string;
            isTest?: boolean;
        };
        WebhookEndpointList: {
            items: components["schemas"]["WebhookEndpoint"][];
        };
        WebhookEndpoint: {
            id: string;
            company: string;
            url: string;
            kinds: string[];
            enabled: boolean;
            description: string;
            disabledReason: string | null;
            secretCreatedAt: string;
            version: number;
            createdAt: string;
            updatedAt: string;
        };
        WebhookEndpointWithSecret: {
            id: string;
            company: string;
            url: string;
            kinds: string[];
            enabled: boolean;
            description: string;
            disabledReason: string | null;
            secretCreatedAt: string;
            version: number;
            createdAt: string;
            updatedAt: string;
            /** @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw */
            secret: string;
        };
        /**
         * @example {
         *       "url": "https://erp.contoso.example/hooks/verzend",
         *       "kinds": [
         *         "email.sent",
         *         "email.failed"
         *       ],
         *       "description": "Sent and failed emails to the ERP"
         *     }
         */
        WebhookEndpointCreate: {
            /**
             * Format: uri
             * @example https://erp.contoso.example/hooks/verzend
             */
            url: string;
            /**
             * @default [
             *       "*"
             *     ]
             */
            kinds: ("*" | ("email.queued" | "email.sending" | "email.retrying" | "email.sent" | "email.failed" | "email.cancelled" | "email.draft" | "event.received" | "event.rendered" | "event.queued" | "event.sent" | "event.failed" | "event.skipped" | "event.draft"))[];
            /** @default true */
            enabled: boolean;
            /** @default  */
            description: string;
            /** @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw */
            secret?: string;
        };
        WebhookEndpointUpdate: {
            /**
             * Format: uri
             * @example https://erp.contoso.example/hooks/verzend
             */
            url?: string;
            kinds?: ("*" | ("email.queued" | "email.sending" | "email.retrying" | "email.sent" | "email.failed" | "email.cancelled" | "email.draft" | "event.received" | "event.rendered" | "event.queued" | "event.sent" | "event.failed" | "event.skipped" | "event.draft"))[];
            enabled?: boolean;
            description?: string;
        };
        WebhookSecretRotate: {
            /** @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw */
            secret?: string;
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
    listAccounts: {
        parameters: {
            query?: never;
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
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "0b6f3c1e-2a5d-4c8e-9f10-3d2e1c0b9a87",
                     *           "company": "cronus",
                     *           "name": "Sales",
                     *           "emailAddress": "sales@cronus.example",
                     *           "settings": {
                     *             "connector": "smtp",
                     *             "host": "smtp.office365.com",
                     *             "port": 587,
                     *             "tls": "starttls",
                     *             "verifyCertificate": true,
                     *             "auth": "basic",
                     *             "userName": "sales@cronus.example",
                     *             "senderType": "specific-user",
                     *             "senderSubstitution": "none"
                     *           },
                     *           "isDefault": true,
                     *           "needsCredentials": false,
                     *           "missingCredentials": [],
                     *           "secretsSet": [
                     *             "password"
                     *           ],
                     *           "rateLimitPerMinute": 0,
                     *           "concurrencyLimit": 3,
                     *           "maxAttempts": 5,
                     *           "dailyRecipientQuota": 0,
                     *           "version": 3,
                     *           "createdAt": "2026-11-27T09:00:00.000Z",
                     *           "updatedAt": "2026-11-27T09:00:00.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["AccountList"];
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
    createAccount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AccountCreate"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3c1e-2a5d-4c8e-9f10-3d2e1c0b9a87",
                     *       "company": "cronus",
                     *       "name": "Sales",
                     *       "emailAddress": "sales@cronus.example",
                     *       "settings": {
                     *         "connector": "smtp",
                     *         "host": "smtp.office365.com",
                     *         "port": 587,
                     *         "tls": "starttls",
                     *         "verifyCertificate": true,
                     *         "auth": "basic",
                     *         "userName": "sales@cronus.example",
                     *         "senderType": "specific-user",
                     *         "senderSubstitution": "none"
                     *       },
                     *       "isDefault": true,
                     *       "needsCredentials": false,
                     *       "missingCredentials": [],
                     *       "secretsSet": [
                     *         "password"
                     *       ],
                     *       "rateLimitPerMinute": 0,
                     *       "concurrencyLimit": 3,
                     *       "maxAttempts": 5,
                     *       "dailyRecipientQuota": 0,
                     *       "version": 3,
                     *       "createdAt": "2026-11-27T09:00:00.000Z",
                     *       "updatedAt": "2026-11-27T09:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Account"];
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
    getAccount: {
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
                    /**
                     * @example {
                     *       "id": "0b6f3c1e-2a5d-4c8e-9f10-3d2e1c0b9a87",
                     *       "company": "cronus",
                     *       "name": "Sales",
                     *       "emailAddress": "sales@cronus.example",
                     *       "settings": {
                     *         "connector": "smtp",
                     *         "host": "smtp.office365.com",
                     *         "port": 587,
                     *         "tls": "starttls",
                     *         "verifyCertificate": true,
                     *         "auth": "basic",
                     *         "userName": "sales@cronus.example",
                     *         "senderType": "specific-user",
                     *         "senderSubstitution": "none"
                     *       },
                     *       "isDefault": true,
                     *       "needsCredentials": false,
                     *       "missingCredentials": [],
                     *       "secretsSet": [
                     *         "password"
                     *       ],
                     *       "rateLimitPerMinute": 0,
                     *       "concurrencyLimit": 3,
                     *       "maxAttempts": 5,
                     *       "dailyRecipientQuota": 0,
                     *       "version": 3,
                     *       "createdAt": "2026-11-27T09:00:00.000Z",
                     *       "updatedAt": "2026-11-27T09:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Account"];
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
    deleteAccount: {
        parameters: {
            query?: {
                newDefault?: string;
            };
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
    updateAccount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AccountUpdate"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3c1e-2a5d-4c8e-9f10-3d2e1c0b9a87",
                     *       "company": "cronus",
                     *       "name": "Sales",
                     *       "emailAddress": "sales@cronus.example",
                     *       "settings": {
                     *         "connector": "smtp",
                     *         "host": "smtp.office365.com",
                     *         "port": 587,
                     *         "tls": "starttls",
                     *         "verifyCertificate": true,
                     *         "auth": "basic",
                     *         "userName": "sales@cronus.example",
                     *         "senderType": "specific-user",
                     *         "senderSubstitution": "none"
                     *       },
                     *       "isDefault": true,
                     *       "needsCredentials": false,
                     *       "missingCredentials": [],
                     *       "secretsSet": [
                     *         "password"
                     *       ],
                     *       "rateLimitPerMinute": 0,
                     *       "concurrencyLimit": 3,
                     *       "maxAttempts": 5,
                     *       "dailyRecipientQuota": 0,
                     *       "version": 3,
                     *       "createdAt": "2026-11-27T09:00:00.000Z",
                     *       "updatedAt": "2026-11-27T09:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Account"];
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
    setDefaultAccount: {
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
                    /**
                     * @example {
                     *       "id": "0b6f3c1e-2a5d-4c8e-9f10-3d2e1c0b9a87",
                     *       "company": "cronus",
                     *       "name": "Sales",
                     *       "emailAddress": "sales@cronus.example",
                     *       "settings": {
                     *         "connector": "smtp",
                     *         "host": "smtp.office365.com",
                     *         "port": 587,
                     *         "tls": "starttls",
                     *         "verifyCertificate": true,
                     *         "auth": "basic",
                     *         "userName": "sales@cronus.example",
                     *         "senderType": "specific-user",
                     *         "senderSubstitution": "none"
                     *       },
                     *       "isDefault": true,
                     *       "needsCredentials": false,
                     *       "missingCredentials": [],
                     *       "secretsSet": [
                     *         "password"
                     *       ],
                     *       "rateLimitPerMinute": 0,
                     *       "concurrencyLimit": 3,
                     *       "maxAttempts": 5,
                     *       "dailyRecipientQuota": 0,
                     *       "version": 3,
                     *       "createdAt": "2026-11-27T09:00:00.000Z",
                     *       "updatedAt": "2026-11-27T09:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Account"];
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
    testAccount: {
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
                "application/json": components["schemas"]["TestAccountRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TestAccountResult"];
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
    clearAccountSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                name: "password" | "clientSecret" | "refreshToken" | "accessToken" | "clientCertificate";
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
                    /**
                     * @example {
                     *       "id": "0b6f3c1e-2a5d-4c8e-9f10-3d2e1c0b9a87",
                     *       "company": "cronus",
                     *       "name": "Sales",
                     *       "emailAddress": "sales@cronus.example",
                     *       "settings": {
                     *         "connector": "smtp",
                     *         "host": "smtp.office365.com",
                     *         "port": 587,
                     *         "tls": "starttls",
                     *         "verifyCertificate": true,
                     *         "auth": "basic",
                     *         "userName": "sales@cronus.example",
                     *         "senderType": "specific-user",
                     *         "senderSubstitution": "none"
                     *       },
                     *       "isDefault": true,
                     *       "needsCredentials": false,
                     *       "missingCredentials": [],
                     *       "secretsSet": [
                     *         "password"
                     *       ],
                     *       "rateLimitPerMinute": 0,
                     *       "concurrencyLimit": 3,
                     *       "maxAttempts": 5,
                     *       "dailyRecipientQuota": 0,
                     *       "version": 3,
                     *       "createdAt": "2026-11-27T09:00:00.000Z",
                     *       "updatedAt": "2026-11-27T09:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Account"];
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
    listAppRegistrations: {
        parameters: {
            query?: never;
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
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "7d1e2f3a-0000-4000-8000-000000000001",
                     *           "company": "cronus",
                     *           "name": "Verzend email",
                     *           "tenantId": "contoso.onmicrosoft.com",
                     *           "clientId": "00000000-0000-0000-0000-000000000001",
                     *           "cloud": "global",
                     *           "redirectUri": "https://verzend.contoso.example/oauth/callback",
                     *           "secretsSet": [
                     *             "clientCertificate"
                     *           ],
                     *           "adminConsentUrl": "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/adminconsent?client_id=00000000-0000-0000-0000-000000000001&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&redirect_uri=https%3A%2F%2Fverzend.contoso.example%2Foauth%2Fcallback",
                     *           "version": 1,
                     *           "createdAt": "2026-12-06T09:00:00.000Z",
                     *           "updatedAt": "2026-12-06T09:00:00.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["AppRegistrationList"];
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
    createAppRegistration: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AppRegistrationCreate"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "7d1e2f3a-0000-4000-8000-000000000001",
                     *       "company": "cronus",
                     *       "name": "Verzend email",
                     *       "tenantId": "contoso.onmicrosoft.com",
                     *       "clientId": "00000000-0000-0000-0000-000000000001",
                     *       "cloud": "global",
                     *       "redirectUri": "https://verzend.contoso.example/oauth/callback",
                     *       "secretsSet": [
                     *         "clientCertificate"
                     *       ],
                     *       "adminConsentUrl": "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/adminconsent?client_id=00000000-0000-0000-0000-000000000001&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&redirect_uri=https%3A%2F%2Fverzend.contoso.example%2Foauth%2Fcallback",
                     *       "version": 1,
                     *       "createdAt": "2026-12-06T09:00:00.000Z",
                     *       "updatedAt": "2026-12-06T09:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["AppRegistration"];
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
    getAppRegistration: {
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
                    /**
                     * @example {
                     *       "id": "7d1e2f3a-0000-4000-8000-000000000001",
                     *       "company": "cronus",
                     *       "name": "Verzend email",
                     *       "tenantId": "contoso.onmicrosoft.com",
                     *       "clientId": "00000000-0000-0000-0000-000000000001",
                     *       "cloud": "global",
                     *       "redirectUri": "https://verzend.contoso.example/oauth/callback",
                     *       "secretsSet": [
                     *         "clientCertificate"
                     *       ],
                     *       "adminConsentUrl": "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/adminconsent?client_id=00000000-0000-0000-0000-000000000001&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&redirect_uri=https%3A%2F%2Fverzend.contoso.example%2Foauth%2Fcallback",
                     *       "version": 1,
                     *       "createdAt": "2026-12-06T09:00:00.000Z",
                     *       "updatedAt": "2026-12-06T09:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["AppRegistration"];
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
    deleteAppRegistration: {
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
    updateAppRegistration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AppRegistrationUpdate"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "7d1e2f3a-0000-4000-8000-000000000001",
                     *       "company": "cronus",
                     *       "name": "Verzend email",
                     *       "tenantId": "contoso.onmicrosoft.com",
                     *       "clientId": "00000000-0000-0000-0000-000000000001",
                     *       "cloud": "global",
                     *       "redirectUri": "https://verzend.contoso.example/oauth/callback",
                     *       "secretsSet": [
                     *         "clientCertificate"
                     *       ],
                     *       "adminConsentUrl": "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/adminconsent?client_id=00000000-0000-0000-0000-000000000001&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&redirect_uri=https%3A%2F%2Fverzend.contoso.example%2Foauth%2Fcallback",
                     *       "version": 1,
                     *       "createdAt": "2026-12-06T09:00:00.000Z",
                     *       "updatedAt": "2026-12-06T09:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["AppRegistration"];
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
    listScenarios: {
        parameters: {
            query?: never;
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
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "code": "sales-invoice",
                     *           "name": "Sales Invoice",
                     *           "standard": true,
                     *           "accountId": "0b6f3c1e-2a5d-4c8e-9f10-3d2e1c0b9a87"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ScenarioList"];
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
    createScenario: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CustomScenarioCreate"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "custom-dunning",
                     *       "name": "Dunning letters",
                     *       "standard": false,
                     *       "accountId": "0b6f3c1e-2a5d-4c8e-9f10-3d2e1c0b9a87"
                     *     }
                     */
                    "application/json": components["schemas"]["Scenario"];
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
    getScenario: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
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
                    /**
                     * @example {
                     *       "code": "sales-invoice",
                     *       "name": "Sales Invoice",
                     *       "standard": true,
                     *       "accountId": "0b6f3c1e-2a5d-4c8e-9f10-3d2e1c0b9a87"
                     *     }
                     */
                    "application/json": components["schemas"]["Scenario"];
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
    deleteScenario: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
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
    getScenarioAccount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
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
                    /**
                     * @example {
                     *       "id": "0b6f3c1e-2a5d-4c8e-9f10-3d2e1c0b9a87",
                     *       "company": "cronus",
                     *       "name": "Sales",
                     *       "emailAddress": "sales@cronus.example",
                     *       "settings": {
                     *         "connector": "smtp",
                     *         "host": "smtp.office365.com",
                     *         "port": 587,
                     *         "tls": "starttls",
                     *         "verifyCertificate": true,
                     *         "auth": "basic",
                     *         "userName": "sales@cronus.example",
                     *         "senderType": "specific-user",
                     *         "senderSubstitution": "none"
                     *       },
                     *       "isDefault": true,
                     *       "needsCredentials": false,
                     *       "missingCredentials": [],
                     *       "secretsSet": [
                     *         "password"
                     *       ],
                     *       "rateLimitPerMinute": 0,
                     *       "concurrencyLimit": 3,
                     *       "maxAttempts": 5,
                     *       "dailyRecipientQuota": 0,
                     *       "version": 3,
                     *       "createdAt": "2026-11-27T09:00:00.000Z",
                     *       "updatedAt": "2026-11-27T09:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Account"];
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
    assignScenario: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScenarioAssignment"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "sales-invoice",
                     *       "name": "Sales Invoice",
                     *       "standard": true,
                     *       "accountId": "0b6f3c1e-2a5d-4c8e-9f10-3d2e1c0b9a87"
                     *     }
                     */
                    "application/json": components["schemas"]["Scenario"];
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
    unassignScenario: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
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
                    /**
                     * @example {
                     *       "code": "sales-invoice",
                     *       "name": "Sales Invoice",
                     *       "standard": true,
                     *       "accountId": "0b6f3c1e-2a5d-4c8e-9f10-3d2e1c0b9a87"
                     *     }
                     */
                    "application/json": components["schemas"]["Scenario"];
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
    listDefaultAttachments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
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
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "6c1f0e2d-3b4a-4c5d-8e9f-0a1b2c3d4e5f",
                     *           "scenario": "sales-invoice",
                     *           "fileName": "general-terms.pdf",
                     *           "contentType": "application/pdf",
                     *           "blob": {
                     *             "sha256": "9f2c4e1a7b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8",
                     *             "size": 48213
                     *           },
                     *           "autoAdd": true,
                     *           "createdAt": "2026-11-27T09:00:00.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["DefaultAttachmentList"];
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
    uploadDefaultAttachment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description The file.
                     */
                    file: string;
                    /** @description Add automatically (true) or offer (false). */
                    autoAdd?: boolean;
                    /** @description Overrides the uploaded file name. */
                    fileName?: string;
                };
            };
        };
        responses: {
            /** @description Stored */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "6c1f0e2d-3b4a-4c5d-8e9f-0a1b2c3d4e5f",
                     *       "scenario": "sales-invoice",
                     *       "fileName": "general-terms.pdf",
                     *       "contentType": "application/pdf",
                     *       "blob": {
                     *         "sha256": "9f2c4e1a7b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8",
                     *         "size": 48213
                     *       },
                     *       "autoAdd": true,
                     *       "createdAt": "2026-11-27T09:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["DefaultAttachment"];
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
        };
    };
    getDefaultAttachment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
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
                    /**
                     * @example {
                     *       "id": "6c1f0e2d-3b4a-4c5d-8e9f-0a1b2c3d4e5f",
                     *       "scenario": "sales-invoice",
                     *       "fileName": "general-terms.pdf",
                     *       "contentType": "application/pdf",
                     *       "blob": {
                     *         "sha256": "9f2c4e1a7b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8",
                     *         "size": 48213
                     *       },
                     *       "autoAdd": true,
                     *       "createdAt": "2026-11-27T09:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["DefaultAttachment"];
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
    deleteDefaultAttachment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
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
        };
    };
    updateDefaultAttachment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DefaultAttachmentPatch"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "6c1f0e2d-3b4a-4c5d-8e9f-0a1b2c3d4e5f",
                     *       "scenario": "sales-invoice",
                     *       "fileName": "general-terms.pdf",
                     *       "contentType": "application/pdf",
                     *       "blob": {
                     *         "sha256": "9f2c4e1a7b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8",
                     *         "size": 48213
                     *       },
                     *       "autoAdd": true,
                     *       "createdAt": "2026-11-27T09:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["DefaultAttachment"];
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
    downloadDefaultAttachment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
                id: string;
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
    listViewPolicies: {
        parameters: {
            query?: never;
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
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "userId": "alice",
                     *           "policy": "own"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ViewPolicyList"];
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
    putViewPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default  */
                    userId?: string;
                    /** @enum {string} */
                    policy: "own" | "all" | "all-related-records" | "any-related-record";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ViewPolicy"];
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
    deleteViewPolicy: {
        parameters: {
            query?: {
                /** @description Empty = the row for all users. */
                userId?: string;
            };
            header?: never;
            path?: never;
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
        };
    };
    getEffectiveViewPolicy: {
        parameters: {
            query?: {
                /** @description Empty = the row for all users. */
                userId?: string;
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
                    "application/json": components["schemas"]["EffectiveViewPolicy"];
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
    listLayouts: {
        parameters: {
            query?: never;
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
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "a7e3d1c2-5b4f-4e6d-9c8b-7a6f5e4d3c2b",
                     *           "name": "Copy of Standard Sales - Invoice (email body)",
                     *           "description": "Our invoice email, with the logo.",
                     *           "reportId": 1306,
                     *           "builtIn": false,
                     *           "blob": {
                     *             "sha256": "9f2c4e1a7b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8",
                     *             "size": 48213
                     *           },
                     *           "fileName": "standard-sales-invoice-email.docx",
                     *           "createdAt": "2026-11-27T09:00:00.000Z",
                     *           "updatedAt": "2026-11-27T09:00:00.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["LayoutList"];
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
    uploadLayout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description The file.
                     */
                    file: string;
                    /** @description Layout name (default: the file name). */
                    name?: string;
                    /** @description Free text. */
                    description?: string;
                    /** @description The report the layout is for, e.g. 1306. */
                    reportId?: number;
                };
            };
        };
        responses: {
            /** @description Stored */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "a7e3d1c2-5b4f-4e6d-9c8b-7a6f5e4d3c2b",
                     *       "name": "Copy of Standard Sales - Invoice (email body)",
                     *       "description": "Our invoice email, with the logo.",
                     *       "reportId": 1306,
                     *       "builtIn": false,
                     *       "blob": {
                     *         "sha256": "9f2c4e1a7b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8",
                     *         "size": 48213
                     *       },
                     *       "fileName": "standard-sales-invoice-email.docx",
                     *       "createdAt": "2026-11-27T09:00:00.000Z",
                     *       "updatedAt": "2026-11-27T09:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Layout"];
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
    getLayout: {
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
                    /**
                     * @example {
                     *       "id": "a7e3d1c2-5b4f-4e6d-9c8b-7a6f5e4d3c2b",
                     *       "name": "Copy of Standard Sales - Invoice (email body)",
                     *       "description": "Our invoice email, with the logo.",
                     *       "reportId": 1306,
                     *       "builtIn": false,
                     *       "blob": {
                     *         "sha256": "9f2c4e1a7b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8",
                     *         "size": 48213
                     *       },
                     *       "fileName": "standard-sales-invoice-email.docx",
                     *       "createdAt": "2026-11-27T09:00:00.000Z",
                     *       "updatedAt": "2026-11-27T09:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Layout"];
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
    deleteLayout: {
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
    updateLayout: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LayoutPatch"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "a7e3d1c2-5b4f-4e6d-9c8b-7a6f5e4d3c2b",
                     *       "name": "Copy of Standard Sales - Invoice (email body)",
                     *       "description": "Our invoice email, with the logo.",
                     *       "reportId": 1306,
                     *       "builtIn": false,
                     *       "blob": {
                     *         "sha256": "9f2c4e1a7b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8",
                     *         "size": 48213
                     *       },
                     *       "fileName": "standard-sales-invoice-email.docx",
                     *       "createdAt": "2026-11-27T09:00:00.000Z",
                     *       "updatedAt": "2026-11-27T09:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Layout"];
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
    exportLayout: {
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
            /** @description The Word document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": string;
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
    replaceLayoutContent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description The file.
                     */
                    file: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "a7e3d1c2-5b4f-4e6d-9c8b-7a6f5e4d3c2b",
                     *       "name": "Copy of Standard Sales - Invoice (email body)",
                     *       "description": "Our invoice email, with the logo.",
                     *       "reportId": 1306,
                     *       "builtIn": false,
                     *       "blob": {
                     *         "sha256": "9f2c4e1a7b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8",
                     *         "size": 48213
                     *       },
                     *       "fileName": "standard-sales-invoice-email.docx",
                     *       "createdAt": "2026-11-27T09:00:00.000Z",
                     *       "updatedAt": "2026-11-27T09:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Layout"];
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
    customiseLayout: {
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
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "a7e3d1c2-5b4f-4e6d-9c8b-7a6f5e4d3c2b",
                     *       "name": "Copy of Standard Sales - Invoice (email body)",
                     *       "description": "Our invoice email, with the logo.",
                     *       "reportId": 1306,
                     *       "builtIn": false,
                     *       "blob": {
                     *         "sha256": "9f2c4e1a7b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8",
                     *         "size": 48213
                     *       },
                     *       "fileName": "standard-sales-invoice-email.docx",
                     *       "createdAt": "2026-11-27T09:00:00.000Z",
                     *       "updatedAt": "2026-11-27T09:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Layout"];
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
    listReportSelections: {
        parameters: {
            query?: {
                usage?: "sales-quote" | "sales-order-confirmation" | "sales-invoice" | "sales-credit-memo" | "reminder" | "finance-charge" | "customer-statement" | "purchase-quote" | "purchase-order" | "vendor-remittance" | "service-invoice";
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
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "usage": "sales-invoice",
                     *           "customerNo": null,
                     *           "entries": [
                     *             {
                     *               "sequence": 1,
                     *               "reportId": 1306,
                     *               "useForEmailBody": true,
                     *               "bodyLayoutId": "builtin-sales-invoice-email",
                     *               "useForEmailAttachment": true,
                     *               "attachmentLayoutId": "a7e3d1c2-5b4f-4e6d-9c8b-7a6f5e4d3c2b"
                     *             }
                     *           ]
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ReportSelectionList"];
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
    getReportSelection: {
        parameters: {
            query?: {
                /** @description A customer override; omit for the company-wide selection. */
                customerNo?: string;
            };
            header?: never;
            path: {
                usage: "sales-quote" | "sales-order-confirmation" | "sales-invoice" | "sales-credit-memo" | "reminder" | "finance-charge" | "customer-statement" | "purchase-quote" | "purchase-order" | "vendor-remittance" | "service-invoice";
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
                    /**
                     * @example {
                     *       "usage": "sales-invoice",
                     *       "customerNo": null,
                     *       "entries": [
                     *         {
                     *           "sequence": 1,
                     *           "reportId": 1306,
                     *           "useForEmailBody": true,
                     *           "bodyLayoutId": "builtin-sales-invoice-email",
                     *           "useForEmailAttachment": true,
                     *           "attachmentLayoutId": "a7e3d1c2-5b4f-4e6d-9c8b-7a6f5e4d3c2b"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ReportSelection"];
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
    putReportSelection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                usage: "sales-quote" | "sales-order-confirmation" | "sales-invoice" | "sales-credit-memo" | "reminder" | "finance-charge" | "customer-statement" | "purchase-quote" | "purchase-order" | "vendor-remittance" | "service-invoice";
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReportSelectionPut"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "usage": "sales-invoice",
                     *       "customerNo": null,
                     *       "entries": [
                     *         {
                     *           "sequence": 1,
                     *           "reportId": 1306,
                     *           "useForEmailBody": true,
                     *           "bodyLayoutId": "builtin-sales-invoice-email",
                     *           "useForEmailAttachment": true,
                     *           "attachmentLayoutId": "a7e3d1c2-5b4f-4e6d-9c8b-7a6f5e4d3c2b"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ReportSelection"];
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
    deleteReportSelection: {
        parameters: {
            query?: {
                /** @description A customer override; omit for the company-wide selection. */
                customerNo?: string;
            };
            header?: never;
            path: {
                usage: "sales-quote" | "sales-order-confirmation" | "sales-invoice" | "sales-credit-memo" | "reminder" | "finance-charge" | "customer-statement" | "purchase-quote" | "purchase-order" | "vendor-remittance" | "service-invoice";
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
        };
    };
    getEffectiveReportSelection: {
        parameters: {
            query?: {
                /** @description A customer override; omit for the company-wide selection. */
                customerNo?: string;
            };
            header?: never;
            path: {
                usage: "sales-quote" | "sales-order-confirmation" | "sales-invoice" | "sales-credit-memo" | "reminder" | "finance-charge" | "customer-statement" | "purchase-quote" | "purchase-order" | "vendor-remittance" | "service-invoice";
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
                    /**
                     * @example {
                     *       "selection": {
                     *         "usage": "sales-invoice",
                     *         "customerNo": null,
                     *         "entries": [
                     *           {
                     *             "sequence": 1,
                     *             "reportId": 1306,
                     *             "useForEmailBody": true,
                     *             "bodyLayoutId": "builtin-sales-invoice-email",
                     *             "useForEmailAttachment": true,
                     *             "attachmentLayoutId": "a7e3d1c2-5b4f-4e6d-9c8b-7a6f5e4d3c2b"
                     *           }
                     *         ]
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["EffectiveReportSelection"];
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
    listSendingProfiles: {
        parameters: {
            query?: never;
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
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "code": "EMAIL",
                     *           "description": "Email, default settings",
                     *           "email": "yes-use-default",
                     *           "attachmentFormat": "pdf",
                     *           "isDefault": true
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["SendingProfileList"];
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
    getSendingProfile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
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
                    "application/json": components["schemas"]["SendingProfile"];
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
    putSendingProfile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SendingProfilePut"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SendingProfile"];
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
    deleteSendingProfile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
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
        };
    };
    getPaymentServices: {
        parameters: {
            query?: never;
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
                    "application/json": components["schemas"]["PaymentSettings"];
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
    putPayPal: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PayPalSettingsPut"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "enabled": true,
                     *       "merchantEmail": "payments@cronus.example",
                     *       "environment": "live",
                     *       "linkText": "Pay with PayPal"
                     *     }
                     */
                    "application/json": components["schemas"]["PayPalSettings"];
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
    deletePayPal: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
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
    getRetention: {
        parameters: {
            query?: never;
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
                    "application/json": components["schemas"]["RetentionSettings"];
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
    putRetention: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RetentionSettings"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetentionSettings"];
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
    resetRetention: {
        parameters: {
            query?: never;
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
                    "application/json": components["schemas"]["RetentionSettings"];
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
    getCompany: {
        parameters: {
            query?: never;
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
                    "application/json": components["schemas"]["Company"];
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
    putCompany: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CompanyPut"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Company"];
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
    copyCompany: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CopyCompanyRequest"];
            };
        };
        responses: {
            /** @description Copied */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CopyCompanyResult"];
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
    listWebhookEndpoints: {
        parameters: {
            query?: never;
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
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "3f0c6a0e-0000-4000-8000-000000000001",
                     *           "company": "cronus",
                     *           "url": "https://erp.contoso.example/hooks/verzend",
                     *           "kinds": [
                     *             "email.sent",
                     *             "email.failed"
                     *           ],
                     *           "enabled": true,
                     *           "description": "Sent and failed emails to the ERP",
                     *           "disabledReason": null,
                     *           "secretCreatedAt": "2026-12-06T10:00:00.000Z",
                     *           "version": 1,
                     *           "createdAt": "2026-12-06T10:00:00.000Z",
                     *           "updatedAt": "2026-12-06T10:00:00.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookEndpointList"];
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
    createWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookEndpointCreate"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "3f0c6a0e-0000-4000-8000-000000000001",
                     *       "company": "cronus",
                     *       "url": "https://erp.contoso.example/hooks/verzend",
                     *       "kinds": [
                     *         "email.sent",
                     *         "email.failed"
                     *       ],
                     *       "enabled": true,
                     *       "description": "Sent and failed emails to the ERP",
                     *       "disabledReason": null,
                     *       "secretCreatedAt": "2026-12-06T10:00:00.000Z",
                     *       "version": 1,
                     *       "createdAt": "2026-12-06T10:00:00.000Z",
                     *       "updatedAt": "2026-12-06T10:00:00.000Z",
                     *       "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookEndpointWithSecret"];
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
    getWebhookEndpoint: {
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
                    /**
                     * @example {
                     *       "id": "3f0c6a0e-0000-4000-8000-000000000001",
                     *       "company": "cronus",
                     *       "url": "https://erp.contoso.example/hooks/verzend",
                     *       "kinds": [
                     *         "email.sent",
                     *         "email.failed"
                     *       ],
                     *       "enabled": true,
                     *       "description": "Sent and failed emails to the ERP",
                     *       "disabledReason": null,
                     *       "secretCreatedAt": "2026-12-06T10:00:00.000Z",
                     *       "version": 1,
                     *       "createdAt": "2026-12-06T10:00:00.000Z",
                     *       "updatedAt": "2026-12-06T10:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookEndpoint"];
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
    deleteWebhookEndpoint: {
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
        };
    };
    updateWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookEndpointUpdate"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "3f0c6a0e-0000-4000-8000-000000000001",
                     *       "company": "cronus",
                     *       "url": "https://erp.contoso.example/hooks/verzend",
                     *       "kinds": [
                     *         "email.sent",
                     *         "email.failed"
                     *       ],
                     *       "enabled": true,
                     *       "description": "Sent and failed emails to the ERP",
                     *       "disabledReason": null,
                     *       "secretCreatedAt": "2026-12-06T10:00:00.000Z",
                     *       "version": 1,
                     *       "createdAt": "2026-12-06T10:00:00.000Z",
                     *       "updatedAt": "2026-12-06T10:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookEndpoint"];
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
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookSecretRotate"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "3f0c6a0e-0000-4000-8000-000000000001",
                     *       "company": "cronus",
                     *       "url": "https://erp.contoso.example/hooks/verzend",
                     *       "kinds": [
                     *         "email.sent",
                     *         "email.failed"
                     *       ],
                     *       "enabled": true,
                     *       "description": "Sent and failed emails to the ERP",
                     *       "disabledReason": null,
                     *       "secretCreatedAt": "2026-12-06T10:00:00.000Z",
                     *       "version": 1,
                     *       "createdAt": "2026-12-06T10:00:00.000Z",
                     *       "updatedAt": "2026-12-06T10:00:00.000Z",
                     *       "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookEndpointWithSecret"];
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
}
