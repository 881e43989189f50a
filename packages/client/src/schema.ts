/**
 * Types of the Verbatim API, generated from its OpenAPI document (openapi.json)
 * by `npm run client:generate` in the Verbatim repository. Do not edit by hand.
 */

export interface paths {
    "/api/answer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Answer a question with verbatim, cited sentences from the articles
         * @description Answers with up to three sentences quoted verbatim from the articles, each followed by its marker `[n]` and cited with offsets (`article.text.slice(start, end) === quote`), or abstains with the reason when the articles cannot answer. A greeting or a request for help is answered with what Verbatim does and example questions (`kind: help`), and a request for an overview with one central sentence from each article (`kind: overview`); every other message is a question (`kind: answer`). Rate-limited per client.
         */
        post: operations["answer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/citations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Look up a citation: the quoted sentence, its offsets and surrounding text
         * @description Citation ids are `<articleId>-<start>-<end>`, stable across restarts and rebuilds of the same corpus.
         */
        get: operations["getCitation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/articles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the articles */
        get: operations["listArticles"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/articles/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One article with its full clean text (citation offsets index into it) */
        get: operations["getArticle"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Hybrid (BM25 + vector) passage search
         * @description Ranked passages with their scores. Rate-limited per client, together with POST /api/answer.
         */
        get: operations["search"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/feedback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A reader's 👍 or 👎 on an answer or on one citation
         * @description Give exactly one of `answerId` (from an answer response) and `citationId`. With the server's question log on (`VERBATIM_QUESTION_LOG`), the vote is kept for the editor's report (`GET /api/admin/gaps`): no address or other identifier of the reader is stored. With the log off the request is still validated and answered 202, with `recorded: false`, so a client need not know how the server is set up. Rate-limited per client, together with POST /api/answer.
         */
        post: operations["feedback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Index size and the active query embedder */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/suggestions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Questions to try, drawn from the corpus */
        get: operations["suggestions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/reload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-read the index from disk and swap it in without a restart
         * @description Exists only when the server was started with `ADMIN_TOKEN` on a runtime that can reload (Node); otherwise it answers 404 like any unknown path. A failed reload leaves the running index in place.
         */
        post: operations["reload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/gaps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What readers could not get answered: unanswered questions, 👎 answers, most cited articles
         * @description The editor's report over the question log, each list most frequent first. Exists only when the server was started with `ADMIN_TOKEN` and `VERBATIM_QUESTION_LOG` (Node); otherwise it answers 404 like any unknown path. `npm run gaps` prints the same report from the log file.
         */
        get: operations["gaps"];
        put?: never;
        post?: never;
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
        AnswerResponse: {
            question: string;
            /**
             * @description What the message was taken to ask for. `answer`: a question, answered or abstained (`abstained` says which). `help`: a greeting or a request for help ("hi", "what can you do?"); `answer` says what Verbatim does, `suggestions` holds example questions, no citations. `overview`: a request for an overview ("what are these articles about?", "summarise the articles about Ukraine"); `answer` is a lead-in line saying how many of how many articles are shown, then one line per article: its most central sentence, verbatim, and its `[n]`.
             * @enum {string}
             */
            kind: "answer" | "help" | "overview";
            /** @description Verbatim sentences, each followed by its citation marker `[n]`; when abstained, why not; for `help`, the explanation; for `overview`, a lead-in line and then one `quote [n]` line per article */
            answer: string;
            /** @description True when the articles cannot answer; then there are no citations. Always false for `help` and `overview` */
            abstained: boolean;
            abstainReason?: string;
            citations: components["schemas"]["Citation"][];
            /** @description With `kind: help`: example questions, each one the articles answer (as GET /api/suggestions) */
            suggestions?: string[];
            timings: {
                totalMs: number;
                embedMs?: number;
                searchMs?: number;
            };
            /** @description With `debug: true`: candidate passages and sentence scores */
            trace?: unknown;
            /**
             * @description This answer's id, new for every answer: send it to `POST /api/feedback` with the reader's 👍/👎
             * @example 0b6f8f0e-5c1f-4d43-9d0c-4f3b0e1c9a7d
             */
            answerId: string;
        };
        Citation: {
            n: number;
            /** @example f67668231d6802c8-1234-1301 */
            id: string;
            articleId: string;
            title: string;
            /** @description The sentence, verbatim: `article.text.slice(start, end) === quote` */
            quote: string;
            start: number;
            end: number;
            /** @description The learned ranker's probability that this sentence, of all those found, is the answer; in an overview, the sentence's centrality in its article (cosine to the article's mean sentence vector) */
            score: number;
            /** @example /api/citations/f67668231d6802c8-1234-1301 */
            url: string;
            /** @description The original article with a text fragment (#:~:text=) that highlights the quote */
            sourceUrl?: string;
            alsoIn?: {
                articleId: string;
                title: string;
                id: string;
                quote: string;
            }[];
            /** @description The parts of the quote that answer the question (the number, name, date, place or amount asked for), in order and without overlaps; empty when none fits, and always empty in an overview. The quote itself is unchanged. */
            emphasis: components["schemas"]["EmphasisSpan"][];
            /**
             * @description Present when the sentence is quoted only to say whom or what the next citation's opening pronoun means ("He appointed…"): context for the answer, not an answer itself. Its `emphasis` is empty.
             * @enum {boolean}
             */
            context?: true;
        };
        /**
         * @description Offsets into the citation's `quote` (not the article): `quote.slice(start, end)` is the emphasised text
         * @example {
         *       "start": 92,
         *       "end": 94
         *     }
         */
        EmphasisSpan: {
            start: number;
            end: number;
        };
        /** @description The one shape of every error response. */
        Error: {
            error: {
                code: components["schemas"]["ErrorCode"];
                /**
                 * @description For people; may change.
                 * @example question: must not be empty
                 */
                message: string;
            };
        };
        /**
         * @description Machine-readable error code: `invalid_request` (400, a field fails validation; the message names it), `invalid_json` (400, the body is not JSON), `bad_request` (400, a malformed Authorization header on an admin route), `unauthorized` (401, missing or wrong admin token), `not_found` (404, unknown id or path), `method_not_allowed` (405, with an `Allow` header), `payload_too_large` (413), `unsupported_media_type` (415), `rate_limited` (429, with `Retry-After`), `internal` (500, no details), `reload_failed` (500, the previous index keeps serving).
         * @enum {string}
         */
        ErrorCode: "invalid_request" | "invalid_json" | "bad_request" | "unauthorized" | "not_found" | "method_not_allowed" | "payload_too_large" | "unsupported_media_type" | "rate_limited" | "internal" | "reload_failed";
        AnswerRequest: {
            /**
             * @description 1–1000 characters, trimmed
             * @example What did China's 12-point plan call for?
             */
            question: string;
            /** @description The conversation so far, oldest first, for follow-up questions (at most 20 turns) */
            history?: components["schemas"]["HistoryTurn"][];
            /** @description Passages to consider; by default 10, more in a large corpus (10 × (1 + log10(passages / 1,000))). */
            topK?: number;
            /** @description Add the retrieval trace (`trace`) to the response */
            debug?: boolean;
            /**
             * @description Answer from these articles only (1–50 ids from `GET /api/articles`); an abstention then says the selected articles do not say. An id the corpus does not hold is a 400 `invalid_request` naming it.
             * @example [
             *       "80e463adcbc6eb3c"
             *     ]
             */
            articleIds?: string[];
        };
        HistoryTurn: {
            /** @enum {string} */
            role: "user" | "assistant";
            content: string;
        };
        CitationDetail: {
            id: string;
            articleId: string;
            title: string;
            source: string | null;
            date: string | null;
            quote: string;
            start: number;
            end: number;
            before: string;
            after: string;
        };
        ArticleSummary: {
            id: string;
            title: string;
            source: string | null;
            date: string | null;
            chars: number;
        };
        Article: {
            id: string;
            title: string;
            source: string | null;
            date: string | null;
            url: string | null;
            text: string;
        };
        SearchResponse: {
            query: string;
            hits: components["schemas"]["SearchHit"][];
        };
        SearchHit: {
            id: string;
            articleId: string;
            title: string;
            text: string;
            start: number;
            end: number;
            score: number;
        };
        FeedbackResponse: {
            /** @description Whether the vote was kept: false when this server keeps no question log */
            recorded: boolean;
        };
        /**
         * @example {
         *       "answerId": "0b6f8f0e-5c1f-4d43-9d0c-4f3b0e1c9a7d",
         *       "helpful": false
         *     }
         */
        FeedbackRequest: {
            /**
             * Format: uuid
             * @description The `answerId` of an answer (a UUID)
             */
            answerId?: string;
            /**
             * @description A citation's `id`, for a 👍/👎 on one quote
             * @example 80e463adcbc6eb3c-820-930
             */
            citationId?: string;
            /** @description `true` for 👍, `false` for 👎 */
            helpful: boolean;
        };
        Health: {
            /**
             * @description `degraded`: the corpus generation CURRENT names could not be served (damaged); an older good one is (see `corpus`)
             * @enum {string}
             */
            status: "ok" | "degraded";
            articles: number;
            passages: number;
            /** @example use-lite */
            embedder: string;
            embedderReason?: string;
            /**
             * @description The sentence ranker: the learned model for the active query embedder, or a cross-encoder mixed with it
             * @example learned:use-lite
             */
            ranker: string;
            rankerReason?: string;
            /** @description The corpus generation served (Node; absent at the edge, whose corpus is bundled) */
            corpus?: {
                /** @example 000001 */
                generation: string;
                /** @description Why a fallback generation is served */
                reason?: string;
                /** @example npm run build:index */
                fix?: string;
            };
            /** @description Articles written or removed since the served generation, and the command that indexes them */
            pending?: {
                added: number;
                removed: number;
                command: string;
            };
        };
        Suggestions: {
            questions: string[];
        };
        ReloadResponse: {
            /** @enum {boolean} */
            reloaded: true;
            articles: number;
            passages: number;
            embedder: string;
            /** @description How long the reload took */
            ms: number;
        };
        GapsReport: {
            generatedAt: string;
            /** @description The start of the window counted; null for everything the log keeps */
            since: string | null;
            totals: {
                questions: number;
                abstained: number;
                helpful: number;
                unhelpful: number;
                /** @description Votes on answers the log does not hold */
                unmatchedFeedback: number;
            };
            /** @description Questions Verbatim abstained on, grouped when they have the same content terms, most frequent first */
            unanswered: {
                /** @description The wording readers used most */
                question: string;
                count: number;
                wordings: components["schemas"]["Counted"][];
                /** @description Why Verbatim abstained, most frequent first */
                reasons: components["schemas"]["Counted"][];
                lastAsked: string;
            }[];
            /** @description Questions whose answers readers marked 👎 (each answer's last vote), most 👎 first */
            unhelpfulAnswers: {
                question: string;
                wordings: components["schemas"]["Counted"][];
                unhelpful: number;
                helpful: number;
                /** @description What the 👎 answers cited */
                quotes: {
                    id: string;
                    articleId: string;
                    title: string;
                    quote: string;
                    count: number;
                }[];
                lastAsked: string;
            }[];
            /** @description Quotes readers marked 👎 on their own, most 👎 first */
            unhelpfulCitations: {
                id: string;
                articleId: string;
                title: string;
                quote: string;
                unhelpful: number;
                helpful: number;
            }[];
            /** @description The articles answers cite most */
            mostCited: {
                articleId: string;
                title: string;
                /** @description Answers citing it */
                count: number;
            }[];
        };
        Counted: {
            text: string;
            count: number;
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
    answer: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The question, optionally with the conversation so far */
        requestBody: {
            content: {
                "application/json": components["schemas"]["AnswerRequest"];
            };
        };
        responses: {
            /** @description An answer, an abstention with its reason, help, or an overview (see `kind`) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnswerResponse"];
                };
            };
            /** @description The body is not JSON, a field fails validation, or `articleIds` names an unknown article (the message names the field or ids) (`code`: `invalid_request`, `invalid_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Another method on this path; the `Allow` header lists the allowed ones (`code`: `method_not_allowed`) */
            405: {
                headers: {
                    /** @description The methods this path allows */
                    Allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is over 16 KB (`code`: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is not `application/json` (UTF-8) (`code`: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests from this client (`code`: `rate_limited`) */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    /** @description Requests a client may make back to back */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left right now */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the allowance is full again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An unexpected failure; details go only to the server log (`code`: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCitation: {
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
            /** @description The citation */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CitationDetail"];
                };
            };
            /** @description The id is not 1–200 characters of letters, digits, '-' and '_' (`code`: `invalid_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such article, or the offsets are not a sentence of it (`code`: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Another method on this path; the `Allow` header lists the allowed ones (`code`: `method_not_allowed`) */
            405: {
                headers: {
                    /** @description The methods this path allows */
                    Allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An unexpected failure; details go only to the server log (`code`: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listArticles: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description All articles */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ArticleSummary"][];
                };
            };
            /** @description Another method on this path; the `Allow` header lists the allowed ones (`code`: `method_not_allowed`) */
            405: {
                headers: {
                    /** @description The methods this path allows */
                    Allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An unexpected failure; details go only to the server log (`code`: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getArticle: {
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
            /** @description The article */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Article"];
                };
            };
            /** @description The id is not 1–200 characters of letters, digits, '-' and '_' (`code`: `invalid_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No article with this id (`code`: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Another method on this path; the `Allow` header lists the allowed ones (`code`: `method_not_allowed`) */
            405: {
                headers: {
                    /** @description The methods this path allows */
                    Allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An unexpected failure; details go only to the server log (`code`: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    search: {
        parameters: {
            query: {
                q: string;
                k?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ranked passages */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchResponse"];
                };
            };
            /** @description `q` is empty or too long, or `k` is not 1–50 (`code`: `invalid_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Another method on this path; the `Allow` header lists the allowed ones (`code`: `method_not_allowed`) */
            405: {
                headers: {
                    /** @description The methods this path allows */
                    Allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests from this client (`code`: `rate_limited`) */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    /** @description Requests a client may make back to back */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left right now */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the allowance is full again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An unexpected failure; details go only to the server log (`code`: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    feedback: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The vote */
        requestBody: {
            content: {
                "application/json": components["schemas"]["FeedbackRequest"];
            };
        };
        responses: {
            /** @description Accepted; `recorded` says whether it was kept */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeedbackResponse"];
                };
            };
            /** @description The body is not JSON, or not exactly one of `answerId` (a UUID) and `citationId` with a boolean `helpful` (`code`: `invalid_request`, `invalid_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `citationId` is not a sentence of any article (`code`: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Another method on this path; the `Allow` header lists the allowed ones (`code`: `method_not_allowed`) */
            405: {
                headers: {
                    /** @description The methods this path allows */
                    Allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is over 16 KB (`code`: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is not `application/json` (UTF-8) (`code`: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests from this client (`code`: `rate_limited`) */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    /** @description Requests a client may make back to back */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left right now */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the allowance is full again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An unexpected failure; details go only to the server log (`code`: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Service status */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Another method on this path; the `Allow` header lists the allowed ones (`code`: `method_not_allowed`) */
            405: {
                headers: {
                    /** @description The methods this path allows */
                    Allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An unexpected failure; details go only to the server log (`code`: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    suggestions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Suggested questions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Suggestions"];
                };
            };
            /** @description Another method on this path; the `Allow` header lists the allowed ones (`code`: `method_not_allowed`) */
            405: {
                headers: {
                    /** @description The methods this path allows */
                    Allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An unexpected failure; details go only to the server log (`code`: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    reload: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The index now serving */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReloadResponse"];
                };
            };
            /** @description The Authorization header is not `Bearer <token>` (`code`: `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No token, or the wrong one (`code`: `unauthorized`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Admin routes are off on this server (`code`: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Another method on this path; the `Allow` header lists the allowed ones (`code`: `method_not_allowed`) */
            405: {
                headers: {
                    /** @description The methods this path allows */
                    Allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The reload failed; the previous index keeps serving (`code`: `reload_failed`, `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    gaps: {
        parameters: {
            query?: {
                /** @description Only the last `days` days (default: all the log keeps) */
                days?: number;
                /** @description The most entries in each list (default 20) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The report */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GapsReport"];
                };
            };
            /** @description `days` or `limit` is out of range, or the Authorization header is not `Bearer <token>` (`code`: `invalid_request`, `bad_request`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No token, or the wrong one (`code`: `unauthorized`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Admin routes or the question log are off on this server (`code`: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Another method on this path; the `Allow` header lists the allowed ones (`code`: `method_not_allowed`) */
            405: {
                headers: {
                    /** @description The methods this path allows */
                    Allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests from this client (`code`: `rate_limited`) */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    /** @description Requests a client may make back to back */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left right now */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the allowance is full again */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An unexpected failure; details go only to the server log (`code`: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
