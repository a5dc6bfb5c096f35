/**
 * Types of the Verzend renderer API, generated from its OpenAPI document.
 * Do not edit: run `pnpm client:generate`.
 * @module
 */

export interface paths {
    "/v1/render": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Render a Word layout with report data into an email body
         * @description Layout by id (config service), by blob reference or inline (docxBase64). Numbers, amounts and dates are formatted in `locale` through the `number`, `currency` and `date` filters. With `options.includePdf` the filled document is also printed to PDF (`options.pdf`: PDF/A-2b, title, author); a renderer that cannot print answers 503 UNAVAILABLE (retryable). With `payment`, the PayPal link goes where the layout has `{PaymentServiceURL}`, or is appended as a button (never for credit memos or amounts ≤ 0). Everything comes back inline over HTTP (over NATS, parts of results over ~900 KB travel as blob references). 422 LAYOUT_INVALID lists every layout error with tag and context; 422 RENDER_FAILED for data problems (strict mode, data too large).
         */
        post: operations["render"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Preview a layout with sample data (designer)
         * @description multipart/form-data: `layout` (the .docx file) or `layoutId` (a stored layout), `data` (a JSON file or text), optional `locale` (default: the data's `LanguageCode`, else en-US), `currency`, `strict` and `headerFooter` (true/false), `payment` (PaymentLinkInput as JSON) and `pdf` / `pdfA` (true: also the printed PDF, as base64). Answers the email as it would be sent; 422 LAYOUT_INVALID lists every layout error with its tag and context.
         */
        post: operations["previewLayout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/layouts/validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check a layout before it is stored
         * @description Answers 200 with `valid: false` and every error (unclosed or unopened loops, malformed or duplicate tags, invalid XML, not a Word document, encrypted, zip bomb…), each with its code, tag and the surrounding paragraph or table row.
         */
        post: operations["validateLayout"];
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
        RenderResult: {
            html: {
                inline: string;
            } | {
                blob: {
                    sha256: string;
                    size: number;
                };
            } | null;
            text: {
                inline: string;
            } | {
                blob: {
                    sha256: string;
                    size: number;
                };
            } | null;
            docx: {
                base64: string;
            } | {
                blob: {
                    sha256: string;
                    size: number;
                };
            } | null;
            /** @default null */
            pdf: {
                base64: string;
            } | {
                blob: {
                    sha256: string;
                    size: number;
                };
            } | null;
            /** @default 0 */
            pdfPages: number;
            inlineImages: {
                contentId: string;
                fileName: string;
                contentType: string;
                blob: {
                    sha256: string;
                    size: number;
                };
            }[];
            warnings: {
                code: string;
                message: string;
                tag?: string;
                context?: string;
            }[];
            sizes: {
                htmlBytes: number;
                textBytes: number;
                docxBytes: number;
                /** @default 0 */
                pdfBytes: number;
            };
            paymentLink: string | null;
            layoutSha256: string;
            durationMs: number;
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
         *       "layout": {
         *         "layoutId": "builtin-sales-invoice-email"
         *       },
         *       "locale": "nl-NL",
         *       "currency": "EUR",
         *       "data": {
         *         "DocumentNo": "F-103045",
         *         "Customer": {
         *           "Name": "Fabrikam"
         *         },
         *         "Total": 1210,
         *         "Lines": []
         *       }
         *     }
         */
        RenderRequest: {
            layout: {
                layoutId: string;
            } | {
                blob: {
                    sha256: string;
                    size: number;
                };
            } | {
                docxBase64: string;
            };
            /** @default en-US */
            locale: string;
            currency?: string;
            payment?: {
                /** Format: email */
                merchantEmail: string;
                /** @enum {string} */
                environment: "sandbox" | "live";
                linkText: string;
                amount: number;
                currency: string;
                documentNo: string;
                itemName: string;
                documentType: string;
            };
            /**
             * @default {
             *       "strict": false,
             *       "includeDocx": false,
             *       "includeBody": true,
             *       "includePdf": false
             *     }
             */
            options: {
                /** @default false */
                strict: boolean;
                /** @default false */
                includeDocx: boolean;
                /** @default true */
                includeBody: boolean;
                headerFooter?: boolean;
                /** @default false */
                includePdf: boolean;
                pdf?: {
                    /** @default false */
                    pdfA: boolean;
                    title?: string;
                    author?: string;
                };
            };
        } & ({
            data: {
                [key: string]: unknown;
            };
        } | {
            dataBlob: {
                sha256: string;
                size: number;
            };
        });
        PreviewResult: {
            html: string | null;
            text: string | null;
            previewHtml: string | null;
            warnings: {
                code: string;
                message: string;
                tag?: string;
                context?: string;
            }[];
            sizes: {
                htmlBytes: number;
                textBytes: number;
            };
            inlineImages: {
                contentId: string;
                fileName: string;
                contentType: string;
                size: number;
            }[];
            paymentLink: string | null;
            /** @default null */
            pdf: string | null;
            /** @default 0 */
            pdfPages: number;
            /** @enum {string} */
            path: "fast" | "naive";
            layoutSha256: string;
            durationMs: number;
        };
        ValidateLayoutResult: {
            valid: boolean;
            errors: {
                code: string;
                message: string;
                tag?: string;
                context?: string;
            }[];
            tags: string[];
        };
        /**
         * @example {
         *       "layout": {
         *         "docxBase64": "UEsDBBQAAAAIA…"
         *       }
         *     }
         */
        ValidateLayoutRequest: {
            layout: {
                layoutId: string;
            } | {
                blob: {
                    sha256: string;
                    size: number;
                };
            } | {
                docxBase64: string;
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
    render: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RenderRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RenderResult"];
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
    previewLayout: {
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
                     * @description The Word layout (.docx).
                     */
                    layout?: string;
                    /**
                     * Format: binary
                     * @description Sample report data (JSON object).
                     */
                    data: string;
                    /** @description Document language, e.g. nl-NL. */
                    locale?: string;
                    /** @description Currency code for the currency filter, e.g. EUR. */
                    currency?: string;
                    /** @description Missing values fail the render. */
                    strict?: boolean;
                    /** @description The layout's header above and footer below the body (default true). */
                    headerFooter?: boolean;
                    /** @description PaymentLinkInput as JSON. */
                    payment?: string;
                    /** @description Also print the filled document to PDF (answered as base64 in `pdf`); 503 when this renderer cannot print. */
                    pdf?: boolean;
                    /** @description Print as PDF/A-2b (with `pdf=true`). */
                    pdfA?: boolean;
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
                    "application/json": components["schemas"]["PreviewResult"];
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
    validateLayout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ValidateLayoutRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidateLayoutResult"];
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
}
