"""Errors answered to clients: an HTTP status and an `ErrorBody` in Chinese and English."""

from __future__ import annotations

from starlette.exceptions import HTTPException

from ebranch_desktop.sync.wire import ErrorBody


class ApiError(HTTPException):
    """Raised anywhere in a request; the app turns it into `ErrorBody` JSON with `status`.

    An HTTPException, so FastAPI passes it through when raised while it reads the body.
    """

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        message_en: str,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(status, message_en, headers)
        self.status = status
        self.body = ErrorBody(error=code, message=message, message_en=message_en)


def unauthorized() -> ApiError:
    return ApiError(
        401, "unauthorized", "未登录或登录已过期，请重新登录", "Not signed in, or the session expired"
    )


def body_too_large(limit: int) -> ApiError:
    return ApiError(
        413, "body_too_large",
        f"请求内容过大（解压后最多 {limit // (1024 * 1024)} MB），请分批同步",
        f"The request body is too large (at most {limit} bytes after decompression)",
    )
