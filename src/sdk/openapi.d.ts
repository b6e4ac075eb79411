// Generated from openapi.json by `npm run sdk` (openapi-typescript). Do not edit.
export interface paths {
    "/v1/info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Metadata for a video or playlist URL (synchronous, 1 credit)
         * @description Fields the platform does not give are null, never missing; for a direct media file (or any page without media facts) the media is probed and probed_fields names what came from it. Playlists answer {"_type":"playlist","entries":[...]}. The credit is reserved before the lookup and refunded when it fails. At most VC_INFO_MAX_CONCURRENT_PER_ACCOUNT lookups per account run at once (429 beyond).
         */
        get: {
            parameters: {
                query: {
                    url: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Video info or playlist */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "v123",
                         *       "title": "Big Buck Bunny",
                         *       "description": "A short open film.",
                         *       "uploader": "Blender Foundation",
                         *       "uploader_id": "blender",
                         *       "channel": "Blender",
                         *       "upload_date": "20081110",
                         *       "timestamp": 1226275200,
                         *       "duration": 596.5,
                         *       "view_count": 1024,
                         *       "like_count": 64,
                         *       "comment_count": 8,
                         *       "thumbnail": "https://videos.example.com/thumbs/v123.jpg",
                         *       "thumbnails": [
                         *         {
                         *           "url": "https://videos.example.com/thumbs/v123.jpg",
                         *           "width": 1280,
                         *           "height": 720
                         *         }
                         *       ],
                         *       "tags": [
                         *         "animation"
                         *       ],
                         *       "categories": [
                         *         "Film"
                         *       ],
                         *       "chapters": [
                         *         {
                         *           "start_time": 0,
                         *           "end_time": 60,
                         *           "title": "Opening"
                         *         }
                         *       ],
                         *       "webpage_url": "https://videos.example.com/watch/v123",
                         *       "extractor": "generic",
                         *       "is_live": false,
                         *       "subtitles": [
                         *         "en"
                         *       ],
                         *       "automatic_captions": [
                         *         "en",
                         *         "de"
                         *       ],
                         *       "width": 1280,
                         *       "height": 720,
                         *       "fps": 30,
                         *       "vcodec": "avc1.64001f",
                         *       "acodec": "mp4a.40.2",
                         *       "probed_fields": [],
                         *       "formats": [
                         *         {
                         *           "format_id": "hls-720p",
                         *           "ext": "mp4",
                         *           "width": 1280,
                         *           "height": 720,
                         *           "fps": 30,
                         *           "vcodec": "avc1.64001f",
                         *           "acodec": "mp4a.40.2",
                         *           "abr": 128,
                         *           "vbr": 2372,
                         *           "tbr": 2500,
                         *           "filesize": null,
                         *           "filesize_approx": 186406250,
                         *           "protocol": "m3u8_native"
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": unknown;
                    };
                };
                /** @description `bad_request` (malformed JSON, an option that does not apply) or `url_not_allowed` (the URL's scheme, host or resolved address is refused; costs nothing) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "url is not allowed: 10.0.0.1 is a private address",
                         *       "code": "url_not_allowed"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `insufficient_credits`: the balance does not cover the price (`required`, `available`) */
                402: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This request costs 1 credit; the balance is 0.",
                         *       "code": "insufficient_credits",
                         *       "required": 1,
                         *       "available": 0
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `forbidden` (the key is deactivated) or `https_required` (plain HTTP where HTTPS is required) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This API key is deactivated.",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `unsupported_url`: no extractor can handle the URL */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Could not extract info from URL: https://videos.example.com/about",
                         *       "code": "unsupported_url"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `validation_error`: `detail` lists each field with `loc`, `msg` and `type` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": [
                         *         {
                         *           "loc": [
                         *             "body",
                         *             "preview_type"
                         *           ],
                         *           "msg": "preview_type must be one of gif, thumbnail, mosaic, clip",
                         *           "type": "enum"
                         *         }
                         *       ],
                         *       "code": "validation_error"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `upstream_error`: the source platform failed (HTTP error, geo block, removed video) */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "ERROR: [generic] Unable to download webpage: HTTP Error 410: Gone",
                         *       "code": "upstream_error"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `service_unavailable`: the queue is full or the service is shutting down; a `Retry-After` header says when to retry */
                503: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "The job queue is full; retry later.",
                         *       "code": "service_unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Metadata for a video or playlist URL, with cookies (synchronous, 1 credit)
         * @description The same as GET /v1/info, as a JSON body, with the caller's cookies (Netscape cookies.txt) for members-only, age-gated or logged-in sources. Fields the platform does not give are null, never missing; for a direct media file (or any page without media facts) the media is probed and probed_fields names what came from it. Playlists answer {"_type":"playlist","entries":[...]}. The credit is reserved before the lookup and refunded when it fails. At most VC_INFO_MAX_CONCURRENT_PER_ACCOUNT lookups per account run at once (429 beyond).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        url: string;
                        /** @description Netscape cookies.txt text for this request only (members-only, age-gated or logged-in sources): used for the run, never stored with the job, never returned, never logged, deleted when the job ends. At most 32 KiB: export the site's cookies only. */
                        cookies?: string;
                    };
                };
            };
            responses: {
                /** @description Video info or playlist */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "v123",
                         *       "title": "Big Buck Bunny",
                         *       "description": "A short open film.",
                         *       "uploader": "Blender Foundation",
                         *       "uploader_id": "blender",
                         *       "channel": "Blender",
                         *       "upload_date": "20081110",
                         *       "timestamp": 1226275200,
                         *       "duration": 596.5,
                         *       "view_count": 1024,
                         *       "like_count": 64,
                         *       "comment_count": 8,
                         *       "thumbnail": "https://videos.example.com/thumbs/v123.jpg",
                         *       "thumbnails": [
                         *         {
                         *           "url": "https://videos.example.com/thumbs/v123.jpg",
                         *           "width": 1280,
                         *           "height": 720
                         *         }
                         *       ],
                         *       "tags": [
                         *         "animation"
                         *       ],
                         *       "categories": [
                         *         "Film"
                         *       ],
                         *       "chapters": [
                         *         {
                         *           "start_time": 0,
                         *           "end_time": 60,
                         *           "title": "Opening"
                         *         }
                         *       ],
                         *       "webpage_url": "https://videos.example.com/watch/v123",
                         *       "extractor": "generic",
                         *       "is_live": false,
                         *       "subtitles": [
                         *         "en"
                         *       ],
                         *       "automatic_captions": [
                         *         "en",
                         *         "de"
                         *       ],
                         *       "width": 1280,
                         *       "height": 720,
                         *       "fps": 30,
                         *       "vcodec": "avc1.64001f",
                         *       "acodec": "mp4a.40.2",
                         *       "probed_fields": [],
                         *       "formats": [
                         *         {
                         *           "format_id": "hls-720p",
                         *           "ext": "mp4",
                         *           "width": 1280,
                         *           "height": 720,
                         *           "fps": 30,
                         *           "vcodec": "avc1.64001f",
                         *           "acodec": "mp4a.40.2",
                         *           "abr": 128,
                         *           "vbr": 2372,
                         *           "tbr": 2500,
                         *           "filesize": null,
                         *           "filesize_approx": 186406250,
                         *           "protocol": "m3u8_native"
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": unknown;
                    };
                };
                /** @description `bad_request` (malformed JSON, an option that does not apply) or `url_not_allowed` (the URL's scheme, host or resolved address is refused; costs nothing) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "url is not allowed: 10.0.0.1 is a private address",
                         *       "code": "url_not_allowed"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `insufficient_credits`: the balance does not cover the price (`required`, `available`) */
                402: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This request costs 1 credit; the balance is 0.",
                         *       "code": "insufficient_credits",
                         *       "required": 1,
                         *       "available": 0
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `forbidden` (the key is deactivated) or `https_required` (plain HTTP where HTTPS is required) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This API key is deactivated.",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `unsupported_url`: no extractor can handle the URL */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Could not extract info from URL: https://videos.example.com/about",
                         *       "code": "unsupported_url"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `validation_error`: `detail` lists each field with `loc`, `msg` and `type` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": [
                         *         {
                         *           "loc": [
                         *             "body",
                         *             "preview_type"
                         *           ],
                         *           "msg": "preview_type must be one of gif, thumbnail, mosaic, clip",
                         *           "type": "enum"
                         *         }
                         *       ],
                         *       "code": "validation_error"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `upstream_error`: the source platform failed (HTTP error, geo block, removed video) */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "ERROR: [generic] Unable to download webpage: HTTP Error 410: Gone",
                         *       "code": "upstream_error"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `service_unavailable`: the queue is full or the service is shutting down; a `Retry-After` header says when to retry */
                503: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "The job queue is full; retry later.",
                         *       "code": "service_unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Download and process a video, or every entry of a playlist (async job)
         * @description Costs 1 credit per item; 2 when quality is best, 1440p or 2160p (and not audio-only); plus 3 with subtitles_source whisper. A playlist is charged for max_items at submit and refunded for the entries not delivered. Stream copy whenever the container allows it.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        url: string;
                        /** @default mp4 */
                        format?: "mp4" | "webm" | "mkv" | "mov" | "mp3" | "m4a" | "opus" | "wav" | "flac" | "original";
                        /**
                         * @description A ceiling on height: the best source format at or below it, scaled down when the source has nothing that small.
                         * @default 1080p
                         */
                        quality?: "1080p" | "best" | "2160p" | "1440p" | "720p" | "480p" | "360p" | "240p" | "worst";
                        /** @default false */
                        audio_only?: boolean;
                        /** @description Seconds (12.5 or "12.5"), "MM:SS" or "HH:MM:SS(.ms)" */
                        start?: number | string;
                        /** @description Seconds (12.5 or "12.5"), "MM:SS" or "HH:MM:SS(.ms)" */
                        end?: number | string;
                        /** @default true */
                        embed_metadata?: boolean;
                        /** @description Language codes of the subtitle tracks to embed (or, with subtitles_mode files, to write as .vtt files) */
                        subtitles?: string[];
                        /** @description Sanitised; the extension follows the format */
                        filename?: string;
                        /**
                         * @description Download every entry of a playlist or channel URL (at most max_items) into one job: files[] lists them, download_url is a ZIP. Charged per item × max_items at submit; entries not delivered are refunded when the job ends.
                         * @default false
                         */
                        playlist?: boolean;
                        /**
                         * @description With playlist: the first N entries
                         * @default 25
                         */
                        max_items?: number;
                        /** @description Write the source's chapters into the file (default: yes when it has chapters; mp4, m4a, mkv, webm, mp3, opus) */
                        embed_chapters?: boolean;
                        /**
                         * @description One file per chapter ("NN - title.ext") in files[]; download_url is a ZIP of them. Stream copy when every chapter starts on a keyframe.
                         * @default false
                         */
                        split_chapters?: boolean;
                        /**
                         * @description manual: the uploader's tracks; auto: the platform's automatic captions; any: manual, else automatic; whisper: our transcriber (adds the transcribe price; subtitles names at most the spoken language)
                         * @default manual
                         */
                        subtitles_source?: "manual" | "auto" | "any" | "whisper";
                        /**
                         * @description embed: subtitle streams in the file (mov_text in mp4/mov, WebVTT in webm, SRT in mkv); files: .vtt side files in files[]
                         * @default embed
                         */
                        subtitles_mode?: "embed" | "files";
                        /**
                         * @description auto: stream copy when the container allows it; otherwise the source is re-encoded only when its codec differs
                         * @default auto
                         */
                        video_codec?: "auto" | "h264" | "h265" | "vp9" | "av1";
                        /** @default auto */
                        audio_codec?: "auto" | "aac" | "opus" | "mp3" | "flac";
                        /** @description kbit/s for lossy audio (aac, opus, mp3) */
                        audio_bitrate?: number;
                        /** @description Record a live stream; without it a live source fails with limit_exceeded */
                        live?: {
                            /**
                             * @description Record from the start of what the stream still offers, not from now
                             * @default false
                             */
                            from_start?: boolean;
                            /** @description Seconds to record (at most the server's source duration limit) */
                            max_duration: number;
                        };
                        /** @description Netscape cookies.txt text for this request only (members-only, age-gated or logged-in sources): used for the run, never stored with the job, never returned, never logged, deleted when the job ends. At most 32 KiB: export the site's cookies only. */
                        cookies?: string;
                        /**
                         * Format: uri
                         * @description Receives this job's job.completed / job.failed / job.cancelled event, signed with the account's webhook secret
                         */
                        webhook_url?: string;
                        /** @description Echoed back on the job (max 32 keys, 4 KiB) */
                        metadata?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Accepted: the job is queued and charged. Follow it at the `Location` header (GET /v1/jobs/{job_id}), its /events stream, or a webhook. */
                202: {
                    headers: {
                        /** @description The job: /v1/jobs/{job_id} */
                        Location?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "job_id": "0193a1f2-6c1d-7b3e-9a51-4f0e2d8c7b10",
                         *       "status": "pending",
                         *       "credits_charged": 1,
                         *       "job_type": "download",
                         *       "created_at": "2026-11-28T17:20:24Z"
                         *     }
                         */
                        "application/json": {
                            job_id: string;
                            /** @enum {string} */
                            status: "pending";
                            credits_charged: number;
                            job_type: string;
                            created_at: string;
                        };
                    };
                };
                /** @description `bad_request` (malformed JSON, an option that does not apply) or `url_not_allowed` (the URL's scheme, host or resolved address is refused; costs nothing) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "url is not allowed: 10.0.0.1 is a private address",
                         *       "code": "url_not_allowed"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `insufficient_credits`: the balance does not cover the price (`required`, `available`) */
                402: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This request costs 1 credit; the balance is 0.",
                         *       "code": "insufficient_credits",
                         *       "required": 1,
                         *       "available": 0
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `forbidden` (the key is deactivated) or `https_required` (plain HTTP where HTTPS is required) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This API key is deactivated.",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `conflict`: an `Idempotency-Key` reused with a different body */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This Idempotency-Key was already used with a different request body.",
                         *       "code": "conflict"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `payload_too_large`: the body is over the limit (VC_BODY_LIMIT_BYTES) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "The request body is larger than the limit.",
                         *       "code": "payload_too_large"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `validation_error`: `detail` lists each field with `loc`, `msg` and `type` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": [
                         *         {
                         *           "loc": [
                         *             "body",
                         *             "preview_type"
                         *           ],
                         *           "msg": "preview_type must be one of gif, thumbnail, mosaic, clip",
                         *           "type": "enum"
                         *         }
                         *       ],
                         *       "code": "validation_error"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `service_unavailable`: the queue is full or the service is shutting down; a `Retry-After` header says when to retry */
                503: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "The job queue is full; retry later.",
                         *       "code": "service_unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
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
         * Thumbnail, GIF/WebP, mosaic with WebVTT storyboard, or MP4 clip (async job)
         * @description Costs 1 credit. Reads only the needed bytes of direct files, HLS and DASH (result.source_access "seek"), else downloads first ("download"). A time or window past the end of the source fails the job with out_of_range (refunded). See docs/previews.md.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        url: string;
                        preview_type: "gif" | "thumbnail" | "mosaic" | "clip";
                        /** @description thumbnail: the frame time (default 25% of the duration), or "auto" for a representative, non-blank frame */
                        timestamp?: (number | string) | "auto";
                        /** @description Seconds (12.5 or "12.5"), "MM:SS" or "HH:MM:SS(.ms)" */
                        start?: number | string;
                        /** @description Seconds; gif default 5 (max 15), clip default 10 (max 30). A default shortens to fit the source; a given value must fit. */
                        duration?: number;
                        /** @description Output width (mosaic: the whole grid); default 480, clip: the source width. Height keeps the aspect ratio, even. */
                        width?: number;
                        /** @default 4 */
                        columns?: number;
                        /** @default 4 */
                        rows?: number;
                        /**
                         * @description gif frames per second
                         * @default 10
                         */
                        fps?: number;
                        /** @description gif: animated GIF (default) or animated WebP */
                        format?: "gif" | "webp";
                        /**
                         * @description mosaic: tiles at scene changes instead of even spacing (reads the whole source)
                         * @default false
                         */
                        scene_aware?: boolean;
                        /** @description Netscape cookies.txt text for this request only (members-only, age-gated or logged-in sources): used for the run, never stored with the job, never returned, never logged, deleted when the job ends. At most 32 KiB: export the site's cookies only. */
                        cookies?: string;
                        /**
                         * Format: uri
                         * @description Receives this job's job.completed / job.failed / job.cancelled event, signed with the account's webhook secret
                         */
                        webhook_url?: string;
                        /** @description Echoed back on the job (max 32 keys, 4 KiB) */
                        metadata?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Accepted: the job is queued and charged. Follow it at the `Location` header (GET /v1/jobs/{job_id}), its /events stream, or a webhook. */
                202: {
                    headers: {
                        /** @description The job: /v1/jobs/{job_id} */
                        Location?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "job_id": "0193a1f2-6c1d-7b3e-9a51-4f0e2d8c7b10",
                         *       "status": "pending",
                         *       "credits_charged": 1,
                         *       "job_type": "preview",
                         *       "created_at": "2026-11-28T17:20:24Z"
                         *     }
                         */
                        "application/json": {
                            job_id: string;
                            /** @enum {string} */
                            status: "pending";
                            credits_charged: number;
                            job_type: string;
                            created_at: string;
                        };
                    };
                };
                /** @description `bad_request` (malformed JSON, an option that does not apply) or `url_not_allowed` (the URL's scheme, host or resolved address is refused; costs nothing) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "url is not allowed: 10.0.0.1 is a private address",
                         *       "code": "url_not_allowed"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `insufficient_credits`: the balance does not cover the price (`required`, `available`) */
                402: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This request costs 1 credit; the balance is 0.",
                         *       "code": "insufficient_credits",
                         *       "required": 1,
                         *       "available": 0
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `forbidden` (the key is deactivated) or `https_required` (plain HTTP where HTTPS is required) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This API key is deactivated.",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `conflict`: an `Idempotency-Key` reused with a different body */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This Idempotency-Key was already used with a different request body.",
                         *       "code": "conflict"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `payload_too_large`: the body is over the limit (VC_BODY_LIMIT_BYTES) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "The request body is larger than the limit.",
                         *       "code": "payload_too_large"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `validation_error`: `detail` lists each field with `loc`, `msg` and `type` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": [
                         *         {
                         *           "loc": [
                         *             "body",
                         *             "preview_type"
                         *           ],
                         *           "msg": "preview_type must be one of gif, thumbnail, mosaic, clip",
                         *           "type": "enum"
                         *         }
                         *       ],
                         *       "code": "validation_error"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `service_unavailable`: the queue is full or the service is shutting down; a `Retry-After` header says when to retry */
                503: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "The job queue is full; retry later.",
                         *       "code": "service_unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transcribe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Transcribe speech with Whisper (async job, 3 credits)
         * @description Result: language, language_probability, duration, text, segments[{id,start,end,text,words[{start,end,word,probability}]}]; download_url serves json, srt, vtt or txt (cues of at most 2 lines of 42 characters and 7 s).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        url: string;
                        /** @default json */
                        output_format?: "json" | "srt" | "vtt" | "txt";
                        /**
                         * @description turbo = large-v3-turbo. Sizes not installed answer 422 naming the installed ones (GET /v1/transcribe/models).
                         * @default base
                         */
                        model_size?: "tiny" | "base" | "small" | "medium" | "large-v3" | "large-v3-turbo" | "distil-large-v3" | "tiny.en" | "base.en" | "small.en" | "medium.en" | "turbo";
                        /** @description null or absent: detected (with its probability in the result) */
                        language?: string | null;
                        /** @default true */
                        word_timestamps?: boolean;
                        /** @default true */
                        vad_filter?: boolean;
                        /** @description Netscape cookies.txt text for this request only (members-only, age-gated or logged-in sources): used for the run, never stored with the job, never returned, never logged, deleted when the job ends. At most 32 KiB: export the site's cookies only. */
                        cookies?: string;
                        /**
                         * Format: uri
                         * @description Receives this job's job.completed / job.failed / job.cancelled event, signed with the account's webhook secret
                         */
                        webhook_url?: string;
                        /** @description Echoed back on the job (max 32 keys, 4 KiB) */
                        metadata?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Accepted: the job is queued and charged. Follow it at the `Location` header (GET /v1/jobs/{job_id}), its /events stream, or a webhook. */
                202: {
                    headers: {
                        /** @description The job: /v1/jobs/{job_id} */
                        Location?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "job_id": "0193a1f2-6c1d-7b3e-9a51-4f0e2d8c7b10",
                         *       "status": "pending",
                         *       "credits_charged": 3,
                         *       "job_type": "transcribe",
                         *       "created_at": "2026-11-28T17:20:24Z"
                         *     }
                         */
                        "application/json": {
                            job_id: string;
                            /** @enum {string} */
                            status: "pending";
                            credits_charged: number;
                            job_type: string;
                            created_at: string;
                        };
                    };
                };
                /** @description `bad_request` (malformed JSON, an option that does not apply) or `url_not_allowed` (the URL's scheme, host or resolved address is refused; costs nothing) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "url is not allowed: 10.0.0.1 is a private address",
                         *       "code": "url_not_allowed"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `insufficient_credits`: the balance does not cover the price (`required`, `available`) */
                402: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This request costs 1 credit; the balance is 0.",
                         *       "code": "insufficient_credits",
                         *       "required": 1,
                         *       "available": 0
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `forbidden` (the key is deactivated) or `https_required` (plain HTTP where HTTPS is required) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This API key is deactivated.",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `conflict`: an `Idempotency-Key` reused with a different body */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This Idempotency-Key was already used with a different request body.",
                         *       "code": "conflict"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `payload_too_large`: the body is over the limit (VC_BODY_LIMIT_BYTES) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "The request body is larger than the limit.",
                         *       "code": "payload_too_large"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `validation_error`: `detail` lists each field with `loc`, `msg` and `type` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": [
                         *         {
                         *           "loc": [
                         *             "body",
                         *             "preview_type"
                         *           ],
                         *           "msg": "preview_type must be one of gif, thumbnail, mosaic, clip",
                         *           "type": "enum"
                         *         }
                         *       ],
                         *       "code": "validation_error"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `service_unavailable`: the queue is full or the service is shutting down; a `Retry-After` header says when to retry */
                503: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "The job queue is full; retry later.",
                         *       "code": "service_unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/translate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Transcribe and translate speech (async job, 4 credits)
         * @description Each pair takes the route with the best measured quality (GET /v1/translate/languages) unless `engine` forces one: Whisper (any language into English), Apertium, Bergamot, a LibreTranslate server (VC_TRANSLATE_URL), or two of them through English. Translated cues are re-timed to the reading rules. Unsupported pairs answer 422 listing the supported ones.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        url: string;
                        /** @default json */
                        output_format?: "json" | "srt" | "vtt" | "txt";
                        /**
                         * @description turbo = large-v3-turbo. Sizes not installed answer 422 naming the installed ones (GET /v1/transcribe/models).
                         * @default base
                         */
                        model_size?: "tiny" | "base" | "small" | "medium" | "large-v3" | "large-v3-turbo" | "distil-large-v3" | "tiny.en" | "base.en" | "small.en" | "medium.en" | "turbo";
                        /** @description ISO 639-1 code, e.g. en, es, de */
                        target_language: string;
                        /** @description null or absent: detected */
                        source_language?: string | null;
                        /**
                         * @description auto: the route with the best measured quality for the pair (GET /v1/translate/languages); or force one engine
                         * @default auto
                         */
                        engine?: "auto" | "whisper" | "apertium" | "bergamot" | "libretranslate" | "pivot";
                        /** @description Netscape cookies.txt text for this request only (members-only, age-gated or logged-in sources): used for the run, never stored with the job, never returned, never logged, deleted when the job ends. At most 32 KiB: export the site's cookies only. */
                        cookies?: string;
                        /**
                         * Format: uri
                         * @description Receives this job's job.completed / job.failed / job.cancelled event, signed with the account's webhook secret
                         */
                        webhook_url?: string;
                        /** @description Echoed back on the job (max 32 keys, 4 KiB) */
                        metadata?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Accepted: the job is queued and charged. Follow it at the `Location` header (GET /v1/jobs/{job_id}), its /events stream, or a webhook. */
                202: {
                    headers: {
                        /** @description The job: /v1/jobs/{job_id} */
                        Location?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "job_id": "0193a1f2-6c1d-7b3e-9a51-4f0e2d8c7b10",
                         *       "status": "pending",
                         *       "credits_charged": 4,
                         *       "job_type": "translate",
                         *       "created_at": "2026-11-28T17:20:24Z"
                         *     }
                         */
                        "application/json": {
                            job_id: string;
                            /** @enum {string} */
                            status: "pending";
                            credits_charged: number;
                            job_type: string;
                            created_at: string;
                        };
                    };
                };
                /** @description `bad_request` (malformed JSON, an option that does not apply) or `url_not_allowed` (the URL's scheme, host or resolved address is refused; costs nothing) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "url is not allowed: 10.0.0.1 is a private address",
                         *       "code": "url_not_allowed"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `insufficient_credits`: the balance does not cover the price (`required`, `available`) */
                402: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This request costs 1 credit; the balance is 0.",
                         *       "code": "insufficient_credits",
                         *       "required": 1,
                         *       "available": 0
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `forbidden` (the key is deactivated) or `https_required` (plain HTTP where HTTPS is required) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This API key is deactivated.",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `conflict`: an `Idempotency-Key` reused with a different body */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This Idempotency-Key was already used with a different request body.",
                         *       "code": "conflict"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `payload_too_large`: the body is over the limit (VC_BODY_LIMIT_BYTES) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "The request body is larger than the limit.",
                         *       "code": "payload_too_large"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `validation_error`: `detail` lists each field with `loc`, `msg` and `type` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": [
                         *         {
                         *           "loc": [
                         *             "body",
                         *             "preview_type"
                         *           ],
                         *           "msg": "preview_type must be one of gif, thumbnail, mosaic, clip",
                         *           "type": "enum"
                         *         }
                         *       ],
                         *       "code": "validation_error"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `service_unavailable`: the queue is full or the service is shutting down; a `Retry-After` header says when to retry */
                503: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "The job queue is full; retry later.",
                         *       "code": "service_unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transcribe/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Installed Whisper model sizes, their source and measured speed (free) */
        get: {
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
                         *       "models": [
                         *         {
                         *           "model_size": "base",
                         *           "source": "package",
                         *           "multilingual": true,
                         *           "revision": null,
                         *           "realtime_factor": 0.037,
                         *           "samples": 12
                         *         },
                         *         {
                         *           "model_size": "small",
                         *           "source": "pulled",
                         *           "multilingual": true,
                         *           "revision": "Systran/faster-whisper-small@536b0662742c",
                         *           "realtime_factor": null,
                         *           "samples": 0
                         *         }
                         *       ],
                         *       "device": {
                         *         "device": "cpu",
                         *         "compute_type": "int8"
                         *       },
                         *       "missing_model_sizes": [
                         *         "tiny",
                         *         "medium",
                         *         "large-v3"
                         *       ]
                         *     }
                         */
                        "application/json": {
                            models: {
                                model_size: string;
                                /** @description package: a PyPI package; folder: a CTranslate2 folder the operator provided; pulled: downloaded with `videoconduit models pull` */
                                source: "package" | "folder" | "pulled";
                                /** @description false: English only (the .en sizes) */
                                multilingual: boolean;
                                /** @description hub repository@commit of a pulled model */
                                revision: string | null;
                                /** @description seconds of decoding per second of audio on this server (median of the last 20 requests; 0.1 = 10x faster than real time); null until the size has been used */
                                realtime_factor: number | null;
                                /** @description requests the realtime_factor covers */
                                samples: number;
                            }[];
                            device: {
                                device: string;
                                compute_type: string;
                            };
                            /** @description sizes of the API that are not installed here */
                            missing_model_sizes: string[];
                        };
                    };
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/translate/languages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Translation pairs with their engine and measured quality, and the installed model sizes (free) */
        get: {
            parameters: {
                query?: {
                    /** @description pairs for this size (default base) */
                    model_size?: string;
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
                         *       "pairs": [
                         *         {
                         *           "source_language": "*",
                         *           "target_language": "en",
                         *           "engine": "whisper",
                         *           "route": "whisper translate",
                         *           "chrf": null,
                         *           "alternatives": []
                         *         },
                         *         {
                         *           "source_language": "es",
                         *           "target_language": "en",
                         *           "engine": "apertium",
                         *           "route": "apertium es->en",
                         *           "chrf": 44.1,
                         *           "alternatives": [
                         *             {
                         *               "engine": "whisper",
                         *               "route": "whisper translate",
                         *               "chrf": 34.1
                         *             }
                         *           ]
                         *         },
                         *         {
                         *           "source_language": "en",
                         *           "target_language": "pt",
                         *           "engine": "bergamot",
                         *           "route": "bergamot en->pt",
                         *           "chrf": 81.3,
                         *           "alternatives": []
                         *         }
                         *       ],
                         *       "model_sizes": [
                         *         "tiny.en",
                         *         "base"
                         *       ],
                         *       "missing_model_sizes": [
                         *         "tiny",
                         *         "small",
                         *         "medium",
                         *         "large-v3"
                         *       ]
                         *     }
                         */
                        "application/json": {
                            /** @description source_language "*" = any language Whisper knows (100) */
                            pairs: {
                                source_language: string;
                                target_language: string;
                                /** @description the default engine: whisper, apertium, bergamot, libretranslate or pivot (two engines through English) */
                                engine: string;
                                /** @description the engines of the default route, in order */
                                route: string;
                                /** @description chrF (0-100) of the default route on speech, measured by bench/translate.ts; null = not measured */
                                chrf: number | null;
                                /** @description other routes, forced with `engine` */
                                alternatives: {
                                    engine: string;
                                    route: string;
                                    chrf: number | null;
                                }[];
                            }[];
                            model_sizes: string[];
                            missing_model_sizes: string[];
                        };
                    };
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `validation_error`: `detail` lists each field with `loc`, `msg` and `type` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": [
                         *         {
                         *           "loc": [
                         *             "body",
                         *             "preview_type"
                         *           ],
                         *           "msg": "preview_type must be one of gif, thumbnail, mosaic, clip",
                         *           "type": "enum"
                         *         }
                         *       ],
                         *       "code": "validation_error"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fingerprint": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Frame hashes and a whole-video fingerprint, matched against your earlier ones (async job)
         * @description Costs 1 credit. See docs/fingerprints.md for the fingerprint format and the match rule.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        url: string;
                        /** @description Seconds (12.5 or "12.5"), "MM:SS" or "HH:MM:SS(.ms)" */
                        timestamp?: number | string;
                        /**
                         * @description Side of the frame hashes: 8, 16 or 32 (64, 256 or 1024 bits)
                         * @default 16
                         */
                        hash_size?: 8 | 16 | 32;
                        /** @description Netscape cookies.txt text for this request only (members-only, age-gated or logged-in sources): used for the run, never stored with the job, never returned, never logged, deleted when the job ends. At most 32 KiB: export the site's cookies only. */
                        cookies?: string;
                        /**
                         * Format: uri
                         * @description Receives this job's job.completed / job.failed / job.cancelled event, signed with the account's webhook secret
                         */
                        webhook_url?: string;
                        /** @description Echoed back on the job (max 32 keys, 4 KiB) */
                        metadata?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Accepted: the job is queued and charged. Follow it at the `Location` header (GET /v1/jobs/{job_id}), its /events stream, or a webhook. */
                202: {
                    headers: {
                        /** @description The job: /v1/jobs/{job_id} */
                        Location?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "job_id": "0193a1f2-6c1d-7b3e-9a51-4f0e2d8c7b10",
                         *       "status": "pending",
                         *       "credits_charged": 1,
                         *       "job_type": "fingerprint",
                         *       "created_at": "2026-11-28T17:20:24Z"
                         *     }
                         */
                        "application/json": {
                            job_id: string;
                            /** @enum {string} */
                            status: "pending";
                            credits_charged: number;
                            job_type: string;
                            created_at: string;
                        };
                    };
                };
                /** @description `bad_request` (malformed JSON, an option that does not apply) or `url_not_allowed` (the URL's scheme, host or resolved address is refused; costs nothing) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "url is not allowed: 10.0.0.1 is a private address",
                         *       "code": "url_not_allowed"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `insufficient_credits`: the balance does not cover the price (`required`, `available`) */
                402: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This request costs 1 credit; the balance is 0.",
                         *       "code": "insufficient_credits",
                         *       "required": 1,
                         *       "available": 0
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `forbidden` (the key is deactivated) or `https_required` (plain HTTP where HTTPS is required) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This API key is deactivated.",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `conflict`: an `Idempotency-Key` reused with a different body */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This Idempotency-Key was already used with a different request body.",
                         *       "code": "conflict"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `payload_too_large`: the body is over the limit (VC_BODY_LIMIT_BYTES) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "The request body is larger than the limit.",
                         *       "code": "payload_too_large"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `validation_error`: `detail` lists each field with `loc`, `msg` and `type` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": [
                         *         {
                         *           "loc": [
                         *             "body",
                         *             "preview_type"
                         *           ],
                         *           "msg": "preview_type must be one of gif, thumbnail, mosaic, clip",
                         *           "type": "enum"
                         *         }
                         *       ],
                         *       "code": "validation_error"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `service_unavailable`: the queue is full or the service is shutting down; a `Retry-After` header says when to retry */
                503: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "The job queue is full; retry later.",
                         *       "code": "service_unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fingerprint/compare": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Compare two completed fingerprint jobs (synchronous, free)
         * @description A job id that is missing or another account’s answers 404; a job that is not a completed fingerprint job answers 409.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        job_ids: string[];
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
                         *       "similarity": 0.93,
                         *       "match": true,
                         *       "visual_similarity": 0.95,
                         *       "audio_similarity": 0.9,
                         *       "speed": 1,
                         *       "offset": 12,
                         *       "segments": [
                         *         {
                         *           "start_a": 0,
                         *           "end_a": 48,
                         *           "start_b": 12,
                         *           "end_b": 60
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            similarity: number;
                            match: boolean;
                            visual_similarity: number | null;
                            audio_similarity: number | null;
                            /** @description Playback speed of the first video relative to the second */
                            speed: number;
                            /** @description Seconds: t_b = speed * t_a + offset */
                            offset: number;
                            segments: {
                                start_a: number;
                                end_a: number;
                                start_b: number;
                                end_b: number;
                            }[];
                        };
                    };
                };
                /** @description `bad_request` (malformed JSON, an option that does not apply) or `url_not_allowed` (the URL's scheme, host or resolved address is refused; costs nothing) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "url is not allowed: 10.0.0.1 is a private address",
                         *       "code": "url_not_allowed"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `forbidden` (the key is deactivated) or `https_required` (plain HTTP where HTTPS is required) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This API key is deactivated.",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `not_found`: no such id, or it belongs to another account */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "No such job.",
                         *       "code": "not_found"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `conflict`: a job is not a completed fingerprint job */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Job 0193a1f2-6c1d-7b3e-9a51-4f0e2d8c7b10 is not a completed fingerprint job (it is a processing fingerprint job).",
                         *       "code": "conflict"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `validation_error`: `detail` lists each field with `loc`, `msg` and `type` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": [
                         *         {
                         *           "loc": [
                         *             "body",
                         *             "preview_type"
                         *           ],
                         *           "msg": "preview_type must be one of gif, thumbnail, mosaic, clip",
                         *           "type": "enum"
                         *         }
                         *       ],
                         *       "code": "validation_error"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/comments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Extract the comments of a video (async job)
         * @description Costs 1 credit. Result: comment_count, comments[{id, parent_id, author, author_id, text, like_count, timestamp, is_pinned, author_is_uploader, timestamps}], also served as comments.json. Platforms without comments fail the job with comments_unavailable (refunded).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        url: string;
                        /**
                         * @description Comments in the result, replies included
                         * @default 100
                         */
                        max_comments?: number;
                        /**
                         * @description top: most liked first; new: newest first (pinned comments lead either way)
                         * @default top
                         */
                        sort?: "top" | "new";
                        /**
                         * @description Replies follow their parent, oldest first
                         * @default true
                         */
                        include_replies?: boolean;
                        /** @description Netscape cookies.txt text for this request only (members-only, age-gated or logged-in sources): used for the run, never stored with the job, never returned, never logged, deleted when the job ends. At most 32 KiB: export the site's cookies only. */
                        cookies?: string;
                        /**
                         * Format: uri
                         * @description Receives this job's job.completed / job.failed / job.cancelled event, signed with the account's webhook secret
                         */
                        webhook_url?: string;
                        /** @description Echoed back on the job (max 32 keys, 4 KiB) */
                        metadata?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Accepted: the job is queued and charged. Follow it at the `Location` header (GET /v1/jobs/{job_id}), its /events stream, or a webhook. */
                202: {
                    headers: {
                        /** @description The job: /v1/jobs/{job_id} */
                        Location?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "job_id": "0193a1f2-6c1d-7b3e-9a51-4f0e2d8c7b10",
                         *       "status": "pending",
                         *       "credits_charged": 1,
                         *       "job_type": "comments",
                         *       "created_at": "2026-11-28T17:20:24Z"
                         *     }
                         */
                        "application/json": {
                            job_id: string;
                            /** @enum {string} */
                            status: "pending";
                            credits_charged: number;
                            job_type: string;
                            created_at: string;
                        };
                    };
                };
                /** @description `bad_request` (malformed JSON, an option that does not apply) or `url_not_allowed` (the URL's scheme, host or resolved address is refused; costs nothing) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "url is not allowed: 10.0.0.1 is a private address",
                         *       "code": "url_not_allowed"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `insufficient_credits`: the balance does not cover the price (`required`, `available`) */
                402: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This request costs 1 credit; the balance is 0.",
                         *       "code": "insufficient_credits",
                         *       "required": 1,
                         *       "available": 0
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `forbidden` (the key is deactivated) or `https_required` (plain HTTP where HTTPS is required) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This API key is deactivated.",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `conflict`: an `Idempotency-Key` reused with a different body */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This Idempotency-Key was already used with a different request body.",
                         *       "code": "conflict"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `payload_too_large`: the body is over the limit (VC_BODY_LIMIT_BYTES) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "The request body is larger than the limit.",
                         *       "code": "payload_too_large"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `validation_error`: `detail` lists each field with `loc`, `msg` and `type` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": [
                         *         {
                         *           "loc": [
                         *             "body",
                         *             "preview_type"
                         *           ],
                         *           "msg": "preview_type must be one of gif, thumbnail, mosaic, clip",
                         *           "type": "enum"
                         *         }
                         *       ],
                         *       "code": "validation_error"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `service_unavailable`: the queue is full or the service is shutting down; a `Retry-After` header says when to retry */
                503: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "The job queue is full; retry later.",
                         *       "code": "service_unavailable"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the caller's jobs, newest first */
        get: {
            parameters: {
                query?: {
                    status?: "pending" | "processing" | "completed" | "failed" | "cancelled";
                    job_type?: "download" | "comments" | "preview" | "transcribe" | "translate" | "fingerprint";
                    /** @description RFC 3339 date-time, e.g. 2026-11-28T17:20:24Z */
                    created_after?: string;
                    /** @description RFC 3339 date-time, e.g. 2026-11-28T17:20:24Z */
                    created_before?: string;
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
                        /**
                         * @example {
                         *       "data": [
                         *         {
                         *           "job_id": "0193a1f2-6c1d-7b3e-9a51-4f0e2d8c7b10",
                         *           "job_type": "preview",
                         *           "status": "completed",
                         *           "progress": 100,
                         *           "stage": "done",
                         *           "created_at": "2026-11-28T17:20:24Z",
                         *           "started_at": "2026-11-28T17:20:25Z",
                         *           "completed_at": "2026-11-28T17:20:27Z",
                         *           "credits_charged": 1,
                         *           "credits_refunded": 0,
                         *           "request": {
                         *             "url": "https://videos.example.com/watch/v123",
                         *             "preview_type": "thumbnail",
                         *             "timestamp": 12.5,
                         *             "width": 480
                         *           },
                         *           "metadata": {
                         *             "order": "A-1001"
                         *           },
                         *           "result": {
                         *             "filename": "thumbnail.jpg",
                         *             "width": 480,
                         *             "height": 270,
                         *             "size_bytes": 18342,
                         *             "mime_type": "image/jpeg",
                         *             "source_access": "seek"
                         *           },
                         *           "download_url": "https://api.example.com/v1/files/0193a1f2-6c1d-7b3e-9a51-4f0e2d8c7b10/thumbnail.jpg?expires=1764436827&sig=Qm9uam91ciBsZSBtb25kZQ",
                         *           "expires_at": "2026-11-29T17:20:27Z",
                         *           "error": null
                         *         }
                         *       ],
                         *       "has_more": false,
                         *       "next_cursor": null
                         *     }
                         */
                        "application/json": {
                            data: components["schemas"]["Job"][];
                            has_more: boolean;
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `forbidden` (the key is deactivated) or `https_required` (plain HTTP where HTTPS is required) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This API key is deactivated.",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `validation_error`: `detail` lists each field with `loc`, `msg` and `type` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": [
                         *         {
                         *           "loc": [
                         *             "body",
                         *             "preview_type"
                         *           ],
                         *           "msg": "preview_type must be one of gif, thumbnail, mosaic, clip",
                         *           "type": "enum"
                         *         }
                         *       ],
                         *       "code": "validation_error"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{job_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One job */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    job_id: string;
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
                         *       "job_id": "0193a1f2-6c1d-7b3e-9a51-4f0e2d8c7b10",
                         *       "job_type": "preview",
                         *       "status": "completed",
                         *       "progress": 100,
                         *       "stage": "done",
                         *       "created_at": "2026-11-28T17:20:24Z",
                         *       "started_at": "2026-11-28T17:20:25Z",
                         *       "completed_at": "2026-11-28T17:20:27Z",
                         *       "credits_charged": 1,
                         *       "credits_refunded": 0,
                         *       "request": {
                         *         "url": "https://videos.example.com/watch/v123",
                         *         "preview_type": "thumbnail",
                         *         "timestamp": 12.5,
                         *         "width": 480
                         *       },
                         *       "metadata": {
                         *         "order": "A-1001"
                         *       },
                         *       "result": {
                         *         "filename": "thumbnail.jpg",
                         *         "width": 480,
                         *         "height": 270,
                         *         "size_bytes": 18342,
                         *         "mime_type": "image/jpeg",
                         *         "source_access": "seek"
                         *       },
                         *       "download_url": "https://api.example.com/v1/files/0193a1f2-6c1d-7b3e-9a51-4f0e2d8c7b10/thumbnail.jpg?expires=1764436827&sig=Qm9uam91ciBsZSBtb25kZQ",
                         *       "expires_at": "2026-11-29T17:20:27Z",
                         *       "error": null
                         *     }
                         */
                        "application/json": components["schemas"]["Job"];
                    };
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `forbidden` (the key is deactivated) or `https_required` (plain HTTP where HTTPS is required) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This API key is deactivated.",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `not_found`: no such id, or it belongs to another account */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "No such job.",
                         *       "code": "not_found"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `validation_error`: `detail` lists each field with `loc`, `msg` and `type` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": [
                         *         {
                         *           "loc": [
                         *             "body",
                         *             "preview_type"
                         *           ],
                         *           "msg": "preview_type must be one of gif, thumbnail, mosaic, clip",
                         *           "type": "enum"
                         *         }
                         *       ],
                         *       "code": "validation_error"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Cancel a pending or processing job (engine processes are killed) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    job_id: string;
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
                         *       "job_id": "0193a1f2-6c1d-7b3e-9a51-4f0e2d8c7b10",
                         *       "job_type": "preview",
                         *       "status": "cancelled",
                         *       "progress": 40,
                         *       "stage": "cancelled",
                         *       "created_at": "2026-11-28T17:20:24Z",
                         *       "started_at": "2026-11-28T17:20:25Z",
                         *       "completed_at": "2026-11-28T17:20:27Z",
                         *       "credits_charged": 1,
                         *       "credits_refunded": 0,
                         *       "request": {
                         *         "url": "https://videos.example.com/watch/v123",
                         *         "preview_type": "thumbnail",
                         *         "timestamp": 12.5,
                         *         "width": 480
                         *       },
                         *       "metadata": {
                         *         "order": "A-1001"
                         *       },
                         *       "result": null,
                         *       "download_url": null,
                         *       "expires_at": null,
                         *       "error": {
                         *         "code": "cancelled",
                         *         "detail": "Cancelled by the caller."
                         *       }
                         *     }
                         */
                        "application/json": components["schemas"]["Job"];
                    };
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `forbidden` (the key is deactivated) or `https_required` (plain HTTP where HTTPS is required) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This API key is deactivated.",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `not_found`: no such id, or it belongs to another account */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "No such job.",
                         *       "code": "not_found"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `conflict`: the job has already finished */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "The job is already completed.",
                         *       "code": "conflict"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `validation_error`: `detail` lists each field with `loc`, `msg` and `type` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": [
                         *         {
                         *           "loc": [
                         *             "body",
                         *             "preview_type"
                         *           ],
                         *           "msg": "preview_type must be one of gif, thumbnail, mosaic, clip",
                         *           "type": "enum"
                         *         }
                         *       ],
                         *       "code": "validation_error"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{job_id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Server-Sent Events: progress, then completed | failed | cancelled
         * @description At most VC_SSE_MAX_STREAMS_PER_KEY (default 20) streams per API key are open at once; one more answers 429 with Retry-After.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    job_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An event stream; each event carries the job object as data. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example event: progress
                         *     id: 0193a1f2-6c1d-7b3e-9a51-4f0e2d8c7b10:2026-11-28T17:20:25Z
                         *     data: {"job_id":"0193a1f2-6c1d-7b3e-9a51-4f0e2d8c7b10","job_type":"preview","status":"processing","progress":40,"stage":"rendering","created_at":"2026-11-28T17:20:24Z","started_at":"2026-11-28T17:20:25Z","completed_at":null,"credits_charged":1,"credits_refunded":0,"request":{"url":"https://videos.example.com/watch/v123","preview_type":"thumbnail","timestamp":12.5,"width":480},"metadata":{"order":"A-1001"},"result":null,"download_url":null,"expires_at":null,"error":null}
                         *
                         *     event: completed
                         *     id: 0193a1f2-6c1d-7b3e-9a51-4f0e2d8c7b10:2026-11-28T17:20:27Z
                         *     data: {"job_id":"0193a1f2-6c1d-7b3e-9a51-4f0e2d8c7b10","job_type":"preview","status":"completed","progress":100,"stage":"done","created_at":"2026-11-28T17:20:24Z","started_at":"2026-11-28T17:20:25Z","completed_at":"2026-11-28T17:20:27Z","credits_charged":1,"credits_refunded":0,"request":{"url":"https://videos.example.com/watch/v123","preview_type":"thumbnail","timestamp":12.5,"width":480},"metadata":{"order":"A-1001"},"result":{"filename":"thumbnail.jpg","width":480,"height":270,"size_bytes":18342,"mime_type":"image/jpeg","source_access":"seek"},"download_url":"https://api.example.com/v1/files/0193a1f2-6c1d-7b3e-9a51-4f0e2d8c7b10/thumbnail.jpg?expires=1764436827&sig=Qm9uam91ciBsZSBtb25kZQ","expires_at":"2026-11-29T17:20:27Z","error":null}
                         */
                        "text/event-stream": string;
                    };
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "text/event-stream": components["schemas"]["Error"];
                    };
                };
                /** @description `forbidden` (the key is deactivated) or `https_required` (plain HTTP where HTTPS is required) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This API key is deactivated.",
                         *       "code": "forbidden"
                         *     }
                         */
                        "text/event-stream": components["schemas"]["Error"];
                    };
                };
                /** @description `not_found`: no such id, or it belongs to another account */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "No such job.",
                         *       "code": "not_found"
                         *     }
                         */
                        "text/event-stream": components["schemas"]["Error"];
                    };
                };
                /** @description `validation_error`: `detail` lists each field with `loc`, `msg` and `type` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": [
                         *         {
                         *           "loc": [
                         *             "body",
                         *             "preview_type"
                         *           ],
                         *           "msg": "preview_type must be one of gif, thumbnail, mosaic, clip",
                         *           "type": "enum"
                         *         }
                         *       ],
                         *       "code": "validation_error"
                         *     }
                         */
                        "text/event-stream": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "text/event-stream": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/files/{job_id}/{filename}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download a job output through its signed link (Range supported) */
        get: {
            parameters: {
                query?: {
                    expires?: string;
                    sig?: string;
                };
                header?: never;
                path: {
                    job_id: string;
                    filename: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The whole file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/octet-stream": string;
                    };
                };
                /** @description The requested byte range */
                206: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/octet-stream": string;
                    };
                };
                /** @description Object storage (S3): `Location` is a presigned GET of the object, valid for up to an hour */
                302: {
                    headers: {
                        Location?: string;
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description `forbidden`: the link was tampered with */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "The download link is invalid.",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `not_found`: no such id, or it belongs to another account */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "No such job.",
                         *       "code": "not_found"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `gone`: the link expired or the file was swept after its retention */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "The download link has expired.",
                         *       "code": "gone"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The range cannot be satisfied */
                416: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "The requested range is not satisfiable.",
                         *       "code": "bad_request"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `validation_error`: `detail` lists each field with `loc`, `msg` and `type` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": [
                         *         {
                         *           "loc": [
                         *             "body",
                         *             "preview_type"
                         *           ],
                         *           "msg": "preview_type must be one of gif, thumbnail, mosaic, clip",
                         *           "type": "enum"
                         *         }
                         *       ],
                         *       "code": "validation_error"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/account": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The calling account */
        get: {
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
                         *       "id": "0193a1f0-0000-7000-8000-00000000a001",
                         *       "name": "acme",
                         *       "plan": "default",
                         *       "credits_balance": 97,
                         *       "rate_limit_per_minute": 60,
                         *       "webhook_secret_hint": "whsec_…k3M="
                         *     }
                         */
                        "application/json": {
                            id: string;
                            name: string;
                            plan: string;
                            credits_balance: number;
                            rate_limit_per_minute: number;
                            webhook_secret_hint: string;
                        };
                    };
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `forbidden` (the key is deactivated) or `https_required` (plain HTTP where HTTPS is required) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This API key is deactivated.",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/account/webhook-secret/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** New webhook secret for per-job webhook_url deliveries (the old one signs too for 24 h) */
        post: {
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
                         *       "webhook_secret": "whsec_9Zp1yJb0sQ4u7fXcD2eR8tW5vL3nK6mA1gH0iB7oY4k3M=",
                         *       "webhook_secret_hint": "whsec_…k3M=",
                         *       "previous_secret_expires_at": "2026-11-29T17:20:27Z"
                         *     }
                         */
                        "application/json": {
                            /** @description whsec_<base64 of 32 bytes>; signs deliveries to per-job webhook_url. Shown only here. */
                            webhook_secret: string;
                            webhook_secret_hint: string;
                            /** @description The previous secret also signs deliveries until then */
                            previous_secret_expires_at: string;
                        };
                    };
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `forbidden` (the key is deactivated) or `https_required` (plain HTTP where HTTPS is required) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This API key is deactivated.",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/account/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The account's API keys, newest first (prefix and last 4 characters only)
         * @description Deactivated keys are listed too (active: false). Keys are created and revoked by the operator (CLI or admin API).
         */
        get: {
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
                        /**
                         * @example {
                         *       "data": [
                         *         {
                         *           "id": "0193a1f0-0000-7000-8000-00000000b001",
                         *           "name": "ci",
                         *           "prefix": "vc_Xy12",
                         *           "last4": "Qz9a",
                         *           "active": true,
                         *           "created_at": "2026-11-28T17:20:24Z",
                         *           "last_used_at": "2026-11-28T17:20:27Z",
                         *           "current": true
                         *         },
                         *         {
                         *           "id": "0193a1ef-0000-7000-8000-00000000b000",
                         *           "name": "default",
                         *           "prefix": "vc_Pq7r",
                         *           "last4": "x0Lm",
                         *           "active": false,
                         *           "created_at": "2026-11-28T17:20:24Z",
                         *           "last_used_at": null,
                         *           "current": false
                         *         }
                         *       ],
                         *       "has_more": false,
                         *       "next_cursor": null
                         *     }
                         */
                        "application/json": {
                            data: {
                                id: string;
                                name: string;
                                /** @description The first 7 characters (vc_ and 4 more); the rest is never stored */
                                prefix: string;
                                /** @description The last 4 characters */
                                last4: string;
                                /** @description false once the operator deactivated it: it then answers 403 forbidden */
                                active: boolean;
                                created_at: string;
                                /** @description Its last authenticated request, to the minute; null if never used */
                                last_used_at: string | null;
                                /** @description true for the key that made this request */
                                current: boolean;
                            }[];
                            has_more: boolean;
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `forbidden` (the key is deactivated) or `https_required` (plain HTTP where HTTPS is required) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This API key is deactivated.",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `validation_error`: `detail` lists each field with `loc`, `msg` and `type` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": [
                         *         {
                         *           "loc": [
                         *             "body",
                         *             "preview_type"
                         *           ],
                         *           "msg": "preview_type must be one of gif, thumbnail, mosaic, clip",
                         *           "type": "enum"
                         *         }
                         *       ],
                         *       "code": "validation_error"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/account/ledger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Credit ledger, newest first */
        get: {
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
                        /**
                         * @example {
                         *       "data": [
                         *         {
                         *           "id": "0193a1f2-6c1e-7000-8000-00000000c001",
                         *           "created_at": "2026-11-28T17:20:24Z",
                         *           "delta": -1,
                         *           "balance_after": 97,
                         *           "reason": "charge",
                         *           "job_id": "0193a1f2-6c1d-7b3e-9a51-4f0e2d8c7b10"
                         *         }
                         *       ],
                         *       "has_more": false,
                         *       "next_cursor": null
                         *     }
                         */
                        "application/json": {
                            data: {
                                id: string;
                                created_at: string;
                                delta: number;
                                balance_after: number;
                                reason: string;
                                job_id: string | null;
                            }[];
                            has_more: boolean;
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `forbidden` (the key is deactivated) or `https_required` (plain HTTP where HTTPS is required) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This API key is deactivated.",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `validation_error`: `detail` lists each field with `loc`, `msg` and `type` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": [
                         *         {
                         *           "loc": [
                         *             "body",
                         *             "preview_type"
                         *           ],
                         *           "msg": "preview_type must be one of gif, thumbnail, mosaic, clip",
                         *           "type": "enum"
                         *         }
                         *       ],
                         *       "code": "validation_error"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List webhook endpoints, newest first */
        get: {
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
                        /**
                         * @example {
                         *       "data": [
                         *         {
                         *           "id": "0193a1f4-1b2c-7d3e-8f40-5a6b7c8d9e01",
                         *           "url": "https://hooks.example.com/videoconduit",
                         *           "description": "Production receiver",
                         *           "events": [
                         *             "job.completed",
                         *             "job.failed"
                         *           ],
                         *           "enabled": true,
                         *           "disabled_reason": null,
                         *           "secret_hint": "whsec_…Q2w=",
                         *           "created_at": "2026-11-28T17:20:24Z",
                         *           "updated_at": "2026-11-28T17:20:24Z"
                         *         }
                         *       ],
                         *       "has_more": false,
                         *       "next_cursor": null
                         *     }
                         */
                        "application/json": {
                            data: {
                                id: string;
                                url: string;
                                description: string | null;
                                events: string[];
                                enabled: boolean;
                                disabled_reason: string | null;
                                secret_hint: string;
                                created_at: string;
                                updated_at: string;
                            }[];
                            has_more: boolean;
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `forbidden` (the key is deactivated) or `https_required` (plain HTTP where HTTPS is required) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This API key is deactivated.",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `validation_error`: `detail` lists each field with `loc`, `msg` and `type` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": [
                         *         {
                         *           "loc": [
                         *             "body",
                         *             "preview_type"
                         *           ],
                         *           "msg": "preview_type must be one of gif, thumbnail, mosaic, clip",
                         *           "type": "enum"
                         *         }
                         *       ],
                         *       "code": "validation_error"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a webhook endpoint (its secret is shown once) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uri */
                        url: string;
                        events: ("job.completed" | "job.failed" | "job.cancelled")[];
                        description?: string;
                    };
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
                         *       "id": "0193a1f4-1b2c-7d3e-8f40-5a6b7c8d9e01",
                         *       "url": "https://hooks.example.com/videoconduit",
                         *       "description": "Production receiver",
                         *       "events": [
                         *         "job.completed",
                         *         "job.failed"
                         *       ],
                         *       "enabled": true,
                         *       "disabled_reason": null,
                         *       "secret_hint": "whsec_…Q2w=",
                         *       "created_at": "2026-11-28T17:20:24Z",
                         *       "updated_at": "2026-11-28T17:20:24Z",
                         *       "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw8yLBGYSX2Q2w=",
                         *       "previous_secret_expires_at": null
                         *     }
                         */
                        "application/json": {
                            id: string;
                            url: string;
                            description: string | null;
                            events: string[];
                            enabled: boolean;
                            disabled_reason: string | null;
                            secret_hint: string;
                            created_at: string;
                            updated_at: string;
                            /** @description whsec_<base64 of 32 bytes>; shown only here */
                            secret: string;
                            previous_secret_expires_at: string | null;
                        };
                    };
                };
                /** @description `bad_request` (malformed JSON, an option that does not apply) or `url_not_allowed` (the URL's scheme, host or resolved address is refused; costs nothing) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "url is not allowed: 10.0.0.1 is a private address",
                         *       "code": "url_not_allowed"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `forbidden` (the key is deactivated) or `https_required` (plain HTTP where HTTPS is required) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This API key is deactivated.",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `validation_error`: `detail` lists each field with `loc`, `msg` and `type` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": [
                         *         {
                         *           "loc": [
                         *             "body",
                         *             "preview_type"
                         *           ],
                         *           "msg": "preview_type must be one of gif, thumbnail, mosaic, clip",
                         *           "type": "enum"
                         *         }
                         *       ],
                         *       "code": "validation_error"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{webhook_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One webhook endpoint */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    webhook_id: string;
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
                         *       "id": "0193a1f4-1b2c-7d3e-8f40-5a6b7c8d9e01",
                         *       "url": "https://hooks.example.com/videoconduit",
                         *       "description": "Production receiver",
                         *       "events": [
                         *         "job.completed",
                         *         "job.failed"
                         *       ],
                         *       "enabled": true,
                         *       "disabled_reason": null,
                         *       "secret_hint": "whsec_…Q2w=",
                         *       "created_at": "2026-11-28T17:20:24Z",
                         *       "updated_at": "2026-11-28T17:20:24Z"
                         *     }
                         */
                        "application/json": {
                            id: string;
                            url: string;
                            description: string | null;
                            events: string[];
                            enabled: boolean;
                            disabled_reason: string | null;
                            secret_hint: string;
                            created_at: string;
                            updated_at: string;
                        };
                    };
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `forbidden` (the key is deactivated) or `https_required` (plain HTTP where HTTPS is required) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This API key is deactivated.",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `not_found`: no such id, or it belongs to another account */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "No such job.",
                         *       "code": "not_found"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `validation_error`: `detail` lists each field with `loc`, `msg` and `type` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": [
                         *         {
                         *           "loc": [
                         *             "body",
                         *             "preview_type"
                         *           ],
                         *           "msg": "preview_type must be one of gif, thumbnail, mosaic, clip",
                         *           "type": "enum"
                         *         }
                         *       ],
                         *       "code": "validation_error"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a webhook endpoint and its delivery log */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    webhook_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Done; no body */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `forbidden` (the key is deactivated) or `https_required` (plain HTTP where HTTPS is required) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This API key is deactivated.",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `not_found`: no such id, or it belongs to another account */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "No such job.",
                         *       "code": "not_found"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `validation_error`: `detail` lists each field with `loc`, `msg` and `type` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": [
                         *         {
                         *           "loc": [
                         *             "body",
                         *             "preview_type"
                         *           ],
                         *           "msg": "preview_type must be one of gif, thumbnail, mosaic, clip",
                         *           "type": "enum"
                         *         }
                         *       ],
                         *       "code": "validation_error"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change url, events, description; enabled=true re-enables a disabled endpoint */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    webhook_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uri */
                        url?: string;
                        events?: ("job.completed" | "job.failed" | "job.cancelled")[];
                        description?: null | string;
                        enabled?: boolean;
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
                         *       "id": "0193a1f4-1b2c-7d3e-8f40-5a6b7c8d9e01",
                         *       "url": "https://hooks.example.com/videoconduit",
                         *       "description": "Production receiver",
                         *       "events": [
                         *         "job.completed",
                         *         "job.failed"
                         *       ],
                         *       "enabled": true,
                         *       "disabled_reason": null,
                         *       "secret_hint": "whsec_…Q2w=",
                         *       "created_at": "2026-11-28T17:20:24Z",
                         *       "updated_at": "2026-11-28T17:20:24Z"
                         *     }
                         */
                        "application/json": {
                            id: string;
                            url: string;
                            description: string | null;
                            events: string[];
                            enabled: boolean;
                            disabled_reason: string | null;
                            secret_hint: string;
                            created_at: string;
                            updated_at: string;
                        };
                    };
                };
                /** @description `bad_request` (malformed JSON, an option that does not apply) or `url_not_allowed` (the URL's scheme, host or resolved address is refused; costs nothing) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "url is not allowed: 10.0.0.1 is a private address",
                         *       "code": "url_not_allowed"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `forbidden` (the key is deactivated) or `https_required` (plain HTTP where HTTPS is required) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This API key is deactivated.",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `not_found`: no such id, or it belongs to another account */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "No such job.",
                         *       "code": "not_found"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `validation_error`: `detail` lists each field with `loc`, `msg` and `type` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": [
                         *         {
                         *           "loc": [
                         *             "body",
                         *             "preview_type"
                         *           ],
                         *           "msg": "preview_type must be one of gif, thumbnail, mosaic, clip",
                         *           "type": "enum"
                         *         }
                         *       ],
                         *       "code": "validation_error"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/webhooks/{webhook_id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Delivery attempts to this endpoint, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path: {
                    webhook_id: string;
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
                         *       "data": [
                         *         {
                         *           "id": "0193a1f5-0000-7000-8000-00000000e001",
                         *           "event_id": "0193a1f5-0000-7000-8000-00000000d001",
                         *           "event_type": "job.completed",
                         *           "attempt": 1,
                         *           "created_at": "2026-11-28T17:20:27Z",
                         *           "url": "https://hooks.example.com/videoconduit",
                         *           "success": true,
                         *           "status_code": 200,
                         *           "duration_ms": 84,
                         *           "response_excerpt": "ok",
                         *           "error": null,
                         *           "next_attempt_at": null
                         *         }
                         *       ],
                         *       "has_more": false,
                         *       "next_cursor": null
                         *     }
                         */
                        "application/json": {
                            data: {
                                id: string;
                                event_id: string;
                                event_type: string;
                                /** @description 1 for the first try of this event */
                                attempt: number;
                                created_at: string;
                                url: string;
                                success: boolean;
                                status_code: number | null;
                                duration_ms: number;
                                response_excerpt: string | null;
                                error: string | null;
                                next_attempt_at: string | null;
                            }[];
                            has_more: boolean;
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `forbidden` (the key is deactivated) or `https_required` (plain HTTP where HTTPS is required) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This API key is deactivated.",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `not_found`: no such id, or it belongs to another account */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "No such job.",
                         *       "code": "not_found"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `validation_error`: `detail` lists each field with `loc`, `msg` and `type` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": [
                         *         {
                         *           "loc": [
                         *             "body",
                         *             "preview_type"
                         *           ],
                         *           "msg": "preview_type must be one of gif, thumbnail, mosaic, clip",
                         *           "type": "enum"
                         *         }
                         *       ],
                         *       "code": "validation_error"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{webhook_id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a webhook.test event (delivered, retried and logged like any other) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    webhook_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Accepted: the job is queued and charged. Follow it at the `Location` header (GET /v1/jobs/{job_id}), its /events stream, or a webhook. */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "event_id": "0193a1f5-0000-7000-8000-00000000d001",
                         *       "type": "webhook.test"
                         *     }
                         */
                        "application/json": {
                            event_id: string;
                            /** @enum {string} */
                            type: "webhook.test";
                        };
                    };
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `forbidden` (the key is deactivated) or `https_required` (plain HTTP where HTTPS is required) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This API key is deactivated.",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `not_found`: no such id, or it belongs to another account */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "No such job.",
                         *       "code": "not_found"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `conflict`: the endpoint is disabled */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "The endpoint is disabled (disabled through the API); PATCH enabled=true first.",
                         *       "code": "conflict"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `validation_error`: `detail` lists each field with `loc`, `msg` and `type` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": [
                         *         {
                         *           "loc": [
                         *             "body",
                         *             "preview_type"
                         *           ],
                         *           "msg": "preview_type must be one of gif, thumbnail, mosaic, clip",
                         *           "type": "enum"
                         *         }
                         *       ],
                         *       "code": "validation_error"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{webhook_id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** New signing secret (shown once); the old one keeps signing for 24 h */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    webhook_id: string;
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
                         *       "id": "0193a1f4-1b2c-7d3e-8f40-5a6b7c8d9e01",
                         *       "url": "https://hooks.example.com/videoconduit",
                         *       "description": "Production receiver",
                         *       "events": [
                         *         "job.completed",
                         *         "job.failed"
                         *       ],
                         *       "enabled": true,
                         *       "disabled_reason": null,
                         *       "secret_hint": "whsec_…Q2w=",
                         *       "created_at": "2026-11-28T17:20:24Z",
                         *       "updated_at": "2026-11-28T17:20:24Z",
                         *       "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw8yLBGYSX2Q2w=",
                         *       "previous_secret_expires_at": "2026-11-29T17:20:27Z"
                         *     }
                         */
                        "application/json": {
                            id: string;
                            url: string;
                            description: string | null;
                            events: string[];
                            enabled: boolean;
                            disabled_reason: string | null;
                            secret_hint: string;
                            created_at: string;
                            updated_at: string;
                            /** @description whsec_<base64 of 32 bytes>; shown only here */
                            secret: string;
                            previous_secret_expires_at: string | null;
                        };
                    };
                };
                /** @description `unauthorized`: no API key, or not a valid one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send an API key as \"Authorization: Bearer vc_…\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `forbidden` (the key is deactivated) or `https_required` (plain HTTP where HTTPS is required) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "This API key is deactivated.",
                         *       "code": "forbidden"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `not_found`: no such id, or it belongs to another account */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "No such job.",
                         *       "code": "not_found"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `validation_error`: `detail` lists each field with `loc`, `msg` and `type` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": [
                         *         {
                         *           "loc": [
                         *             "body",
                         *             "preview_type"
                         *           ],
                         *           "msg": "preview_type must be one of gif, thumbnail, mosaic, clip",
                         *           "type": "enum"
                         *         }
                         *       ],
                         *       "code": "validation_error"
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `rate_limited`: over the per-minute limit of the key's plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header */
                429: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Rate limit of 60 requests per minute exceeded.",
                         *       "code": "rate_limited",
                         *       "retry_after": 12
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/version": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** API versions */
        get: {
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
                         *       "current_version": "1.0.0",
                         *       "versions": {
                         *         "v1": {
                         *           "status": "active",
                         *           "deprecated": false,
                         *           "sunset": null
                         *         }
                         *       }
                         *     }
                         */
                        "application/json": {
                            current_version: string;
                            versions: {
                                [key: string]: {
                                    status: string;
                                    deprecated: boolean;
                                    sunset: string | null;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/changelog": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What changed in each API version, newest first */
        get: {
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
                         *       "current_version": "1.0.0",
                         *       "versions": [
                         *         {
                         *           "version": "1.0.0",
                         *           "date": "2026-12-02",
                         *           "changes": [
                         *             "Initial release."
                         *           ]
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            current_version: string;
                            /** @description Newest first */
                            versions: {
                                version: string;
                                /** @description YYYY-MM-DD */
                                date: string;
                                changes: string[];
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: 200 while the process serves */
        get: {
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
                         *       "status": "ok"
                         *     }
                         */
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness: the database answers, the engines are installed, the S3 bucket (if used) answers and the process is not shutting down
         * @description 503 (service_unavailable) names what is missing in `detail` and `checks`; a process that is draining (SIGTERM) answers 503 with checks.process "draining".
         */
        get: {
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
                         *       "status": "ready",
                         *       "checks": {
                         *         "database": "ok",
                         *         "ffmpeg": "ok",
                         *         "ffprobe": "ok",
                         *         "python": "ok",
                         *         "yt-dlp": "ok"
                         *       },
                         *       "versions": {
                         *         "yt-dlp": "2026.10.26"
                         *       }
                         *     }
                         */
                        "application/json": {
                            /** @enum {string} */
                            status: "ready";
                            /** @description database, ffmpeg, ffprobe, python, yt-dlp, and storage when outputs go to S3: "ok" or what is wrong */
                            checks: {
                                [key: string]: string;
                            };
                            /** @description installed engine releases, e.g. {"yt-dlp": "2026.10.26"} (`make setup` keeps yt-dlp current) */
                            versions: {
                                [key: string]: string;
                            };
                        };
                    };
                };
                /** @description `service_unavailable`: `detail` and `checks` name what is missing (`process: draining` while the process shuts down) */
                503: {
                    headers: {
                        /** @description Seconds to wait before retrying */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Not ready: ffprobe: ffprobe not found (VC_FFPROBE_PATH; run `make setup`).",
                         *       "code": "service_unavailable",
                         *       "missing": [
                         *         "ffprobe"
                         *       ],
                         *       "checks": {
                         *         "database": "ok",
                         *         "ffmpeg": "ok",
                         *         "ffprobe": "ffprobe not found (VC_FFPROBE_PATH; run `make setup`)",
                         *         "python": "ok",
                         *         "yt-dlp": "ok"
                         *       }
                         *     }
                         */
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics (text format 0.0.4)
         * @description Open unless VC_METRICS_TOKEN is set; then send it as a Bearer token. See docs/operations.md for the series.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Prometheus text exposition format */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example # HELP videoconduit_queue_depth Jobs waiting to be claimed
                         *     # TYPE videoconduit_queue_depth gauge
                         *     videoconduit_queue_depth 0
                         */
                        "text/plain": string;
                    };
                };
                /** @description `unauthorized`: VC_METRICS_TOKEN is set and was not sent */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "detail": "Send the metrics token (VC_METRICS_TOKEN) as \"Authorization: Bearer …\".",
                         *       "code": "unauthorized"
                         *     }
                         */
                        "text/plain": components["schemas"]["Error"];
                    };
                };
            };
        };
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
        Error: {
            detail: string | {
                loc: (string | number)[];
                msg: string;
                type: string;
            }[];
            code: string;
        } & {
            [key: string]: unknown;
        };
        Job: {
            job_id: string;
            job_type: string;
            status: "pending" | "processing" | "completed" | "failed" | "cancelled";
            progress: number;
            stage: string;
            created_at: string;
            started_at: string | null;
            completed_at: string | null;
            credits_charged: number;
            credits_refunded: number;
            request: unknown;
            metadata: unknown;
            result: unknown;
            download_url: string | null;
            expires_at: string | null;
            error: {
                code: string;
                detail: string;
            } | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
