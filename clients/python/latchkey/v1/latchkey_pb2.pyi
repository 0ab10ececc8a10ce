# mypy: disable-error-code="type-arg"
import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Reason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REASON_UNSPECIFIED: _ClassVar[Reason]
    INVALID_ARGUMENT: _ClassVar[Reason]
    APP_NOT_FOUND: _ClassVar[Reason]
    USER_NOT_FOUND: _ClassVar[Reason]
    USER_NOT_LOGGED_IN: _ClassVar[Reason]
    NO_CURRENT_USER: _ClassVar[Reason]
    REAUTH_REQUIRED: _ClassVar[Reason]
    PROVIDER_NOT_SUPPORTED: _ClassVar[Reason]
    ANONYMOUS_USER: _ClassVar[Reason]
    USER_MISMATCH: _ClassVar[Reason]
    LIMIT_REACHED: _ClassVar[Reason]
    OWNER_SELECTION_DENIED: _ClassVar[Reason]
    ACCESS_DENIED: _ClassVar[Reason]
    PEER_UNKNOWN: _ClassVar[Reason]
    BACKEND_UNAVAILABLE: _ClassVar[Reason]
    BACKEND_ERROR: _ClassVar[Reason]
    STORE_UNAVAILABLE: _ClassVar[Reason]
    STORE_ERROR: _ClassVar[Reason]
    INTERRUPTED: _ClassVar[Reason]
    INVALID_CREDENTIALS: _ClassVar[Reason]
    USER_DISABLED: _ClassVar[Reason]
    ACCOUNT_NAME_IN_USE: _ClassVar[Reason]
    API_KEY_NOT_FOUND: _ClassVar[Reason]
    API_KEY_ALREADY_EXISTS: _ClassVar[Reason]
    API_KEY_LIMIT_REACHED: _ClassVar[Reason]
    INVALID_TOKEN: _ClassVar[Reason]
    ALREADY_CONFIRMED: _ClassVar[Reason]
    LOGIN_EXPIRED: _ClassVar[Reason]
    REFRESH_TOKEN_REJECTED: _ClassVar[Reason]
    ID_TOKENS_NOT_ENABLED: _ClassVar[Reason]
    ID_TOKEN_NOT_RENEWED: _ClassVar[Reason]

class UserState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    USER_STATE_UNSPECIFIED: _ClassVar[UserState]
    USER_STATE_LOGGED_IN: _ClassVar[UserState]
    USER_STATE_LOGGED_OUT: _ClassVar[UserState]
    USER_STATE_REMOVED: _ClassVar[UserState]
REASON_UNSPECIFIED: Reason
INVALID_ARGUMENT: Reason
APP_NOT_FOUND: Reason
USER_NOT_FOUND: Reason
USER_NOT_LOGGED_IN: Reason
NO_CURRENT_USER: Reason
REAUTH_REQUIRED: Reason
PROVIDER_NOT_SUPPORTED: Reason
ANONYMOUS_USER: Reason
USER_MISMATCH: Reason
LIMIT_REACHED: Reason
OWNER_SELECTION_DENIED: Reason
ACCESS_DENIED: Reason
PEER_UNKNOWN: Reason
BACKEND_UNAVAILABLE: Reason
BACKEND_ERROR: Reason
STORE_UNAVAILABLE: Reason
STORE_ERROR: Reason
INTERRUPTED: Reason
INVALID_CREDENTIALS: Reason
USER_DISABLED: Reason
ACCOUNT_NAME_IN_USE: Reason
API_KEY_NOT_FOUND: Reason
API_KEY_ALREADY_EXISTS: Reason
API_KEY_LIMIT_REACHED: Reason
INVALID_TOKEN: Reason
ALREADY_CONFIRMED: Reason
LOGIN_EXPIRED: Reason
REFRESH_TOKEN_REJECTED: Reason
ID_TOKENS_NOT_ENABLED: Reason
ID_TOKEN_NOT_RENEWED: Reason
USER_STATE_UNSPECIFIED: UserState
USER_STATE_LOGGED_IN: UserState
USER_STATE_LOGGED_OUT: UserState
USER_STATE_REMOVED: UserState

class Credentials(_message.Message):
    __slots__ = ("anonymous", "email_password", "jwt", "api_key", "function", "facebook", "google", "apple", "client_credentials", "password", "refresh_token")
    ANONYMOUS_FIELD_NUMBER: _ClassVar[int]
    EMAIL_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    JWT_FIELD_NUMBER: _ClassVar[int]
    API_KEY_FIELD_NUMBER: _ClassVar[int]
    FUNCTION_FIELD_NUMBER: _ClassVar[int]
    FACEBOOK_FIELD_NUMBER: _ClassVar[int]
    GOOGLE_FIELD_NUMBER: _ClassVar[int]
    APPLE_FIELD_NUMBER: _ClassVar[int]
    CLIENT_CREDENTIALS_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    REFRESH_TOKEN_FIELD_NUMBER: _ClassVar[int]
    anonymous: AnonymousCredential
    email_password: EmailPasswordCredential
    jwt: JwtCredential
    api_key: ApiKeyCredential
    function: FunctionCredential
    facebook: FacebookCredential
    google: GoogleCredential
    apple: AppleCredential
    client_credentials: ClientCredentialsCredential
    password: PasswordCredential
    refresh_token: RefreshTokenCredential
    def __init__(self, anonymous: _Optional[_Union[AnonymousCredential, _Mapping]] = ..., email_password: _Optional[_Union[EmailPasswordCredential, _Mapping]] = ..., jwt: _Optional[_Union[JwtCredential, _Mapping]] = ..., api_key: _Optional[_Union[ApiKeyCredential, _Mapping]] = ..., function: _Optional[_Union[FunctionCredential, _Mapping]] = ..., facebook: _Optional[_Union[FacebookCredential, _Mapping]] = ..., google: _Optional[_Union[GoogleCredential, _Mapping]] = ..., apple: _Optional[_Union[AppleCredential, _Mapping]] = ..., client_credentials: _Optional[_Union[ClientCredentialsCredential, _Mapping]] = ..., password: _Optional[_Union[PasswordCredential, _Mapping]] = ..., refresh_token: _Optional[_Union[RefreshTokenCredential, _Mapping]] = ...) -> None: ...

class AnonymousCredential(_message.Message):
    __slots__ = ("new_user",)
    NEW_USER_FIELD_NUMBER: _ClassVar[int]
    new_user: bool
    def __init__(self, new_user: _Optional[bool] = ...) -> None: ...

class EmailPasswordCredential(_message.Message):
    __slots__ = ("email", "password")
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    email: str
    password: str
    def __init__(self, email: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class JwtCredential(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...

class ApiKeyCredential(_message.Message):
    __slots__ = ("key",)
    KEY_FIELD_NUMBER: _ClassVar[int]
    key: str
    def __init__(self, key: _Optional[str] = ...) -> None: ...

class FunctionCredential(_message.Message):
    __slots__ = ("payload_json",)
    PAYLOAD_JSON_FIELD_NUMBER: _ClassVar[int]
    payload_json: str
    def __init__(self, payload_json: _Optional[str] = ...) -> None: ...

class FacebookCredential(_message.Message):
    __slots__ = ("access_token",)
    ACCESS_TOKEN_FIELD_NUMBER: _ClassVar[int]
    access_token: str
    def __init__(self, access_token: _Optional[str] = ...) -> None: ...

class GoogleCredential(_message.Message):
    __slots__ = ("auth_code", "id_token")
    AUTH_CODE_FIELD_NUMBER: _ClassVar[int]
    ID_TOKEN_FIELD_NUMBER: _ClassVar[int]
    auth_code: str
    id_token: str
    def __init__(self, auth_code: _Optional[str] = ..., id_token: _Optional[str] = ...) -> None: ...

class AppleCredential(_message.Message):
    __slots__ = ("id_token",)
    ID_TOKEN_FIELD_NUMBER: _ClassVar[int]
    id_token: str
    def __init__(self, id_token: _Optional[str] = ...) -> None: ...

class ClientCredentialsCredential(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class PasswordCredential(_message.Message):
    __slots__ = ("username", "password")
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    username: str
    password: str
    def __init__(self, username: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class RefreshTokenCredential(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...

class Identity(_message.Message):
    __slots__ = ("id", "provider_type")
    ID_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_TYPE_FIELD_NUMBER: _ClassVar[int]
    id: str
    provider_type: str
    def __init__(self, id: _Optional[str] = ..., provider_type: _Optional[str] = ...) -> None: ...

class Profile(_message.Message):
    __slots__ = ("name", "email", "picture_url", "data")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PICTURE_URL_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    name: str
    email: str
    picture_url: str
    data: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., email: _Optional[str] = ..., picture_url: _Optional[str] = ..., data: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class User(_message.Message):
    __slots__ = ("app", "id", "state", "is_current", "is_anonymous", "provider_type", "identities", "profile", "custom_data", "device_id", "access_token_expires_at", "refresh_token_expires_at", "owner_uid", "created_at", "last_used_at", "revocation_error")
    APP_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    IS_CURRENT_FIELD_NUMBER: _ClassVar[int]
    IS_ANONYMOUS_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_TYPE_FIELD_NUMBER: _ClassVar[int]
    IDENTITIES_FIELD_NUMBER: _ClassVar[int]
    PROFILE_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_DATA_FIELD_NUMBER: _ClassVar[int]
    DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    ACCESS_TOKEN_EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    REFRESH_TOKEN_EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    OWNER_UID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_USED_AT_FIELD_NUMBER: _ClassVar[int]
    REVOCATION_ERROR_FIELD_NUMBER: _ClassVar[int]
    app: str
    id: str
    state: UserState
    is_current: bool
    is_anonymous: bool
    provider_type: str
    identities: _containers.RepeatedCompositeFieldContainer[Identity]
    profile: Profile
    custom_data: _struct_pb2.Struct
    device_id: str
    access_token_expires_at: _timestamp_pb2.Timestamp
    refresh_token_expires_at: _timestamp_pb2.Timestamp
    owner_uid: int
    created_at: _timestamp_pb2.Timestamp
    last_used_at: _timestamp_pb2.Timestamp
    revocation_error: str
    def __init__(self, app: _Optional[str] = ..., id: _Optional[str] = ..., state: _Optional[_Union[UserState, str]] = ..., is_current: _Optional[bool] = ..., is_anonymous: _Optional[bool] = ..., provider_type: _Optional[str] = ..., identities: _Optional[_Iterable[_Union[Identity, _Mapping]]] = ..., profile: _Optional[_Union[Profile, _Mapping]] = ..., custom_data: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., device_id: _Optional[str] = ..., access_token_expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., refresh_token_expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., owner_uid: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_used_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revocation_error: _Optional[str] = ...) -> None: ...

class LogInRequest(_message.Message):
    __slots__ = ("app", "credentials")
    APP_FIELD_NUMBER: _ClassVar[int]
    CREDENTIALS_FIELD_NUMBER: _ClassVar[int]
    app: str
    credentials: Credentials
    def __init__(self, app: _Optional[str] = ..., credentials: _Optional[_Union[Credentials, _Mapping]] = ...) -> None: ...

class LinkCredentialsRequest(_message.Message):
    __slots__ = ("app", "user_id", "credentials")
    APP_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CREDENTIALS_FIELD_NUMBER: _ClassVar[int]
    app: str
    user_id: str
    credentials: Credentials
    def __init__(self, app: _Optional[str] = ..., user_id: _Optional[str] = ..., credentials: _Optional[_Union[Credentials, _Mapping]] = ...) -> None: ...

class LogOutRequest(_message.Message):
    __slots__ = ("app", "user_id", "owner_uid")
    APP_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_UID_FIELD_NUMBER: _ClassVar[int]
    app: str
    user_id: str
    owner_uid: int
    def __init__(self, app: _Optional[str] = ..., user_id: _Optional[str] = ..., owner_uid: _Optional[int] = ...) -> None: ...

class GetCurrentUserRequest(_message.Message):
    __slots__ = ("app", "owner_uid")
    APP_FIELD_NUMBER: _ClassVar[int]
    OWNER_UID_FIELD_NUMBER: _ClassVar[int]
    app: str
    owner_uid: int
    def __init__(self, app: _Optional[str] = ..., owner_uid: _Optional[int] = ...) -> None: ...

class ListUsersRequest(_message.Message):
    __slots__ = ("app", "all_owners", "owner_uid")
    APP_FIELD_NUMBER: _ClassVar[int]
    ALL_OWNERS_FIELD_NUMBER: _ClassVar[int]
    OWNER_UID_FIELD_NUMBER: _ClassVar[int]
    app: str
    all_owners: bool
    owner_uid: int
    def __init__(self, app: _Optional[str] = ..., all_owners: _Optional[bool] = ..., owner_uid: _Optional[int] = ...) -> None: ...

class ListUsersResponse(_message.Message):
    __slots__ = ("users",)
    USERS_FIELD_NUMBER: _ClassVar[int]
    users: _containers.RepeatedCompositeFieldContainer[User]
    def __init__(self, users: _Optional[_Iterable[_Union[User, _Mapping]]] = ...) -> None: ...

class SwitchUserRequest(_message.Message):
    __slots__ = ("app", "user_id", "owner_uid")
    APP_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_UID_FIELD_NUMBER: _ClassVar[int]
    app: str
    user_id: str
    owner_uid: int
    def __init__(self, app: _Optional[str] = ..., user_id: _Optional[str] = ..., owner_uid: _Optional[int] = ...) -> None: ...

class RemoveUserRequest(_message.Message):
    __slots__ = ("app", "user_id", "owner_uid")
    APP_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_UID_FIELD_NUMBER: _ClassVar[int]
    app: str
    user_id: str
    owner_uid: int
    def __init__(self, app: _Optional[str] = ..., user_id: _Optional[str] = ..., owner_uid: _Optional[int] = ...) -> None: ...

class RemoveUserResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class DeleteUserRequest(_message.Message):
    __slots__ = ("app", "user_id", "owner_uid")
    APP_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_UID_FIELD_NUMBER: _ClassVar[int]
    app: str
    user_id: str
    owner_uid: int
    def __init__(self, app: _Optional[str] = ..., user_id: _Optional[str] = ..., owner_uid: _Optional[int] = ...) -> None: ...

class DeleteUserResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class GetAccessTokenRequest(_message.Message):
    __slots__ = ("app", "user_id", "min_valid", "force_refresh", "owner_uid", "scopes", "audience")
    APP_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    MIN_VALID_FIELD_NUMBER: _ClassVar[int]
    FORCE_REFRESH_FIELD_NUMBER: _ClassVar[int]
    OWNER_UID_FIELD_NUMBER: _ClassVar[int]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    AUDIENCE_FIELD_NUMBER: _ClassVar[int]
    app: str
    user_id: str
    min_valid: _duration_pb2.Duration
    force_refresh: bool
    owner_uid: int
    scopes: _containers.RepeatedScalarFieldContainer[str]
    audience: str
    def __init__(self, app: _Optional[str] = ..., user_id: _Optional[str] = ..., min_valid: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., force_refresh: _Optional[bool] = ..., owner_uid: _Optional[int] = ..., scopes: _Optional[_Iterable[str]] = ..., audience: _Optional[str] = ...) -> None: ...

class AccessToken(_message.Message):
    __slots__ = ("token", "expires_at", "user_id", "app", "stale")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    APP_FIELD_NUMBER: _ClassVar[int]
    STALE_FIELD_NUMBER: _ClassVar[int]
    token: str
    expires_at: _timestamp_pb2.Timestamp
    user_id: str
    app: str
    stale: bool
    def __init__(self, token: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., user_id: _Optional[str] = ..., app: _Optional[str] = ..., stale: _Optional[bool] = ...) -> None: ...

class GetIdTokenRequest(_message.Message):
    __slots__ = ("app", "user_id", "min_valid", "owner_uid")
    APP_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    MIN_VALID_FIELD_NUMBER: _ClassVar[int]
    OWNER_UID_FIELD_NUMBER: _ClassVar[int]
    app: str
    user_id: str
    min_valid: _duration_pb2.Duration
    owner_uid: int
    def __init__(self, app: _Optional[str] = ..., user_id: _Optional[str] = ..., min_valid: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., owner_uid: _Optional[int] = ...) -> None: ...

class IdToken(_message.Message):
    __slots__ = ("token", "expires_at", "user_id", "app")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    APP_FIELD_NUMBER: _ClassVar[int]
    token: str
    expires_at: _timestamp_pb2.Timestamp
    user_id: str
    app: str
    def __init__(self, token: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., user_id: _Optional[str] = ..., app: _Optional[str] = ...) -> None: ...

class RefreshUserRequest(_message.Message):
    __slots__ = ("app", "user_id", "owner_uid")
    APP_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_UID_FIELD_NUMBER: _ClassVar[int]
    app: str
    user_id: str
    owner_uid: int
    def __init__(self, app: _Optional[str] = ..., user_id: _Optional[str] = ..., owner_uid: _Optional[int] = ...) -> None: ...

class WatchEventsRequest(_message.Message):
    __slots__ = ("app", "user_id", "include_snapshot", "resume_after")
    APP_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    RESUME_AFTER_FIELD_NUMBER: _ClassVar[int]
    app: str
    user_id: str
    include_snapshot: bool
    resume_after: int
    def __init__(self, app: _Optional[str] = ..., user_id: _Optional[str] = ..., include_snapshot: _Optional[bool] = ..., resume_after: _Optional[int] = ...) -> None: ...

class SessionEvent(_message.Message):
    __slots__ = ("seq", "time", "app", "user_id", "snapshot", "logged_in", "logged_out", "token_refreshed", "token_expired", "refresh_failed", "refresh_token_expiring", "current_user_changed", "user_removed", "profile_updated", "backend_status", "lagged")
    SEQ_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    APP_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    LOGGED_IN_FIELD_NUMBER: _ClassVar[int]
    LOGGED_OUT_FIELD_NUMBER: _ClassVar[int]
    TOKEN_REFRESHED_FIELD_NUMBER: _ClassVar[int]
    TOKEN_EXPIRED_FIELD_NUMBER: _ClassVar[int]
    REFRESH_FAILED_FIELD_NUMBER: _ClassVar[int]
    REFRESH_TOKEN_EXPIRING_FIELD_NUMBER: _ClassVar[int]
    CURRENT_USER_CHANGED_FIELD_NUMBER: _ClassVar[int]
    USER_REMOVED_FIELD_NUMBER: _ClassVar[int]
    PROFILE_UPDATED_FIELD_NUMBER: _ClassVar[int]
    BACKEND_STATUS_FIELD_NUMBER: _ClassVar[int]
    LAGGED_FIELD_NUMBER: _ClassVar[int]
    seq: int
    time: _timestamp_pb2.Timestamp
    app: str
    user_id: str
    snapshot: Snapshot
    logged_in: LoggedIn
    logged_out: LoggedOut
    token_refreshed: TokenRefreshed
    token_expired: TokenExpired
    refresh_failed: RefreshFailed
    refresh_token_expiring: RefreshTokenExpiring
    current_user_changed: CurrentUserChanged
    user_removed: UserRemoved
    profile_updated: ProfileUpdated
    backend_status: BackendStatus
    lagged: Lagged
    def __init__(self, seq: _Optional[int] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., app: _Optional[str] = ..., user_id: _Optional[str] = ..., snapshot: _Optional[_Union[Snapshot, _Mapping]] = ..., logged_in: _Optional[_Union[LoggedIn, _Mapping]] = ..., logged_out: _Optional[_Union[LoggedOut, _Mapping]] = ..., token_refreshed: _Optional[_Union[TokenRefreshed, _Mapping]] = ..., token_expired: _Optional[_Union[TokenExpired, _Mapping]] = ..., refresh_failed: _Optional[_Union[RefreshFailed, _Mapping]] = ..., refresh_token_expiring: _Optional[_Union[RefreshTokenExpiring, _Mapping]] = ..., current_user_changed: _Optional[_Union[CurrentUserChanged, _Mapping]] = ..., user_removed: _Optional[_Union[UserRemoved, _Mapping]] = ..., profile_updated: _Optional[_Union[ProfileUpdated, _Mapping]] = ..., backend_status: _Optional[_Union[BackendStatus, _Mapping]] = ..., lagged: _Optional[_Union[Lagged, _Mapping]] = ...) -> None: ...

class Snapshot(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class LoggedIn(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class LoggedOut(_message.Message):
    __slots__ = ("reason",)
    REASON_FIELD_NUMBER: _ClassVar[int]
    reason: str
    def __init__(self, reason: _Optional[str] = ...) -> None: ...

class TokenRefreshed(_message.Message):
    __slots__ = ("expires_at",)
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TokenExpired(_message.Message):
    __slots__ = ("reason", "detail")
    REASON_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    reason: str
    detail: str
    def __init__(self, reason: _Optional[str] = ..., detail: _Optional[str] = ...) -> None: ...

class RefreshFailed(_message.Message):
    __slots__ = ("error", "next_attempt_at")
    ERROR_FIELD_NUMBER: _ClassVar[int]
    NEXT_ATTEMPT_AT_FIELD_NUMBER: _ClassVar[int]
    error: str
    next_attempt_at: _timestamp_pb2.Timestamp
    def __init__(self, error: _Optional[str] = ..., next_attempt_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RefreshTokenExpiring(_message.Message):
    __slots__ = ("expires_at",)
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CurrentUserChanged(_message.Message):
    __slots__ = ("previous_user_id",)
    PREVIOUS_USER_ID_FIELD_NUMBER: _ClassVar[int]
    previous_user_id: str
    def __init__(self, previous_user_id: _Optional[str] = ...) -> None: ...

class UserRemoved(_message.Message):
    __slots__ = ("reason",)
    REASON_FIELD_NUMBER: _ClassVar[int]
    reason: str
    def __init__(self, reason: _Optional[str] = ...) -> None: ...

class ProfileUpdated(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class BackendStatus(_message.Message):
    __slots__ = ("reachable",)
    REACHABLE_FIELD_NUMBER: _ClassVar[int]
    reachable: bool
    def __init__(self, reachable: _Optional[bool] = ...) -> None: ...

class Lagged(_message.Message):
    __slots__ = ("missed_from", "missed_to")
    MISSED_FROM_FIELD_NUMBER: _ClassVar[int]
    MISSED_TO_FIELD_NUMBER: _ClassVar[int]
    missed_from: int
    missed_to: int
    def __init__(self, missed_from: _Optional[int] = ..., missed_to: _Optional[int] = ...) -> None: ...

class LogInWithDeviceRequest(_message.Message):
    __slots__ = ("app", "scopes", "user_id")
    APP_FIELD_NUMBER: _ClassVar[int]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    app: str
    scopes: _containers.RepeatedScalarFieldContainer[str]
    user_id: str
    def __init__(self, app: _Optional[str] = ..., scopes: _Optional[_Iterable[str]] = ..., user_id: _Optional[str] = ...) -> None: ...

class LogInWithDeviceResponse(_message.Message):
    __slots__ = ("verification_uri", "verification_uri_complete", "user_code", "expires_at", "user")
    VERIFICATION_URI_FIELD_NUMBER: _ClassVar[int]
    VERIFICATION_URI_COMPLETE_FIELD_NUMBER: _ClassVar[int]
    USER_CODE_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    verification_uri: str
    verification_uri_complete: str
    user_code: str
    expires_at: _timestamp_pb2.Timestamp
    user: User
    def __init__(self, verification_uri: _Optional[str] = ..., verification_uri_complete: _Optional[str] = ..., user_code: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class LogInWithBrowserRequest(_message.Message):
    __slots__ = ("app", "scopes", "user_id")
    APP_FIELD_NUMBER: _ClassVar[int]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    app: str
    scopes: _containers.RepeatedScalarFieldContainer[str]
    user_id: str
    def __init__(self, app: _Optional[str] = ..., scopes: _Optional[_Iterable[str]] = ..., user_id: _Optional[str] = ...) -> None: ...

class LogInWithBrowserResponse(_message.Message):
    __slots__ = ("authorization_url", "user")
    AUTHORIZATION_URL_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    authorization_url: str
    user: User
    def __init__(self, authorization_url: _Optional[str] = ..., user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class ApiKey(_message.Message):
    __slots__ = ("id", "name", "disabled", "key")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    disabled: bool
    key: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., disabled: _Optional[bool] = ..., key: _Optional[str] = ...) -> None: ...

class CreateApiKeyRequest(_message.Message):
    __slots__ = ("app", "user_id", "name")
    APP_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    app: str
    user_id: str
    name: str
    def __init__(self, app: _Optional[str] = ..., user_id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class GetApiKeyRequest(_message.Message):
    __slots__ = ("app", "user_id", "id")
    APP_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    app: str
    user_id: str
    id: str
    def __init__(self, app: _Optional[str] = ..., user_id: _Optional[str] = ..., id: _Optional[str] = ...) -> None: ...

class ListApiKeysRequest(_message.Message):
    __slots__ = ("app", "user_id")
    APP_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    app: str
    user_id: str
    def __init__(self, app: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class ListApiKeysResponse(_message.Message):
    __slots__ = ("api_keys",)
    API_KEYS_FIELD_NUMBER: _ClassVar[int]
    api_keys: _containers.RepeatedCompositeFieldContainer[ApiKey]
    def __init__(self, api_keys: _Optional[_Iterable[_Union[ApiKey, _Mapping]]] = ...) -> None: ...

class EnableApiKeyRequest(_message.Message):
    __slots__ = ("app", "user_id", "id")
    APP_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    app: str
    user_id: str
    id: str
    def __init__(self, app: _Optional[str] = ..., user_id: _Optional[str] = ..., id: _Optional[str] = ...) -> None: ...

class EnableApiKeyResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DisableApiKeyRequest(_message.Message):
    __slots__ = ("app", "user_id", "id")
    APP_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    app: str
    user_id: str
    id: str
    def __init__(self, app: _Optional[str] = ..., user_id: _Optional[str] = ..., id: _Optional[str] = ...) -> None: ...

class DisableApiKeyResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DeleteApiKeyRequest(_message.Message):
    __slots__ = ("app", "user_id", "id")
    APP_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    app: str
    user_id: str
    id: str
    def __init__(self, app: _Optional[str] = ..., user_id: _Optional[str] = ..., id: _Optional[str] = ...) -> None: ...

class DeleteApiKeyResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RegisterUserRequest(_message.Message):
    __slots__ = ("app", "email", "password")
    APP_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    app: str
    email: str
    password: str
    def __init__(self, app: _Optional[str] = ..., email: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class RegisterUserResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ConfirmUserRequest(_message.Message):
    __slots__ = ("app", "token", "token_id")
    APP_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOKEN_ID_FIELD_NUMBER: _ClassVar[int]
    app: str
    token: str
    token_id: str
    def __init__(self, app: _Optional[str] = ..., token: _Optional[str] = ..., token_id: _Optional[str] = ...) -> None: ...

class ConfirmUserResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ResendConfirmationEmailRequest(_message.Message):
    __slots__ = ("app", "email")
    APP_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    app: str
    email: str
    def __init__(self, app: _Optional[str] = ..., email: _Optional[str] = ...) -> None: ...

class ResendConfirmationEmailResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RetryCustomConfirmationRequest(_message.Message):
    __slots__ = ("app", "email")
    APP_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    app: str
    email: str
    def __init__(self, app: _Optional[str] = ..., email: _Optional[str] = ...) -> None: ...

class RetryCustomConfirmationResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SendResetPasswordEmailRequest(_message.Message):
    __slots__ = ("app", "email")
    APP_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    app: str
    email: str
    def __init__(self, app: _Optional[str] = ..., email: _Optional[str] = ...) -> None: ...

class SendResetPasswordEmailResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ResetPasswordRequest(_message.Message):
    __slots__ = ("app", "password", "token", "token_id")
    APP_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOKEN_ID_FIELD_NUMBER: _ClassVar[int]
    app: str
    password: str
    token: str
    token_id: str
    def __init__(self, app: _Optional[str] = ..., password: _Optional[str] = ..., token: _Optional[str] = ..., token_id: _Optional[str] = ...) -> None: ...

class ResetPasswordResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CallResetPasswordFunctionRequest(_message.Message):
    __slots__ = ("app", "email", "password", "arguments_json")
    APP_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    ARGUMENTS_JSON_FIELD_NUMBER: _ClassVar[int]
    app: str
    email: str
    password: str
    arguments_json: str
    def __init__(self, app: _Optional[str] = ..., email: _Optional[str] = ..., password: _Optional[str] = ..., arguments_json: _Optional[str] = ...) -> None: ...

class CallResetPasswordFunctionResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListAppsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListAppsResponse(_message.Message):
    __slots__ = ("apps",)
    APPS_FIELD_NUMBER: _ClassVar[int]
    apps: _containers.RepeatedCompositeFieldContainer[App]
    def __init__(self, apps: _Optional[_Iterable[_Union[App, _Mapping]]] = ...) -> None: ...

class App(_message.Message):
    __slots__ = ("name", "kind", "providers", "is_default", "backend_url", "endpoints")
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PROVIDERS_FIELD_NUMBER: _ClassVar[int]
    IS_DEFAULT_FIELD_NUMBER: _ClassVar[int]
    BACKEND_URL_FIELD_NUMBER: _ClassVar[int]
    ENDPOINTS_FIELD_NUMBER: _ClassVar[int]
    name: str
    kind: str
    providers: _containers.RepeatedScalarFieldContainer[str]
    is_default: bool
    backend_url: str
    endpoints: _containers.RepeatedCompositeFieldContainer[Endpoint]
    def __init__(self, name: _Optional[str] = ..., kind: _Optional[str] = ..., providers: _Optional[_Iterable[str]] = ..., is_default: _Optional[bool] = ..., backend_url: _Optional[str] = ..., endpoints: _Optional[_Iterable[_Union[Endpoint, _Mapping]]] = ...) -> None: ...

class Endpoint(_message.Message):
    __slots__ = ("name", "url", "source")
    NAME_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    name: str
    url: str
    source: str
    def __init__(self, name: _Optional[str] = ..., url: _Optional[str] = ..., source: _Optional[str] = ...) -> None: ...

class GetStatusRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetStatusResponse(_message.Message):
    __slots__ = ("version", "started_at", "uptime", "apps")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    UPTIME_FIELD_NUMBER: _ClassVar[int]
    APPS_FIELD_NUMBER: _ClassVar[int]
    version: str
    started_at: _timestamp_pb2.Timestamp
    uptime: _duration_pb2.Duration
    apps: _containers.RepeatedCompositeFieldContainer[AppStatus]
    def __init__(self, version: _Optional[str] = ..., started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., uptime: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., apps: _Optional[_Iterable[_Union[AppStatus, _Mapping]]] = ...) -> None: ...

class AppStatus(_message.Message):
    __slots__ = ("name", "logged_in", "logged_out", "backend_reachable")
    NAME_FIELD_NUMBER: _ClassVar[int]
    LOGGED_IN_FIELD_NUMBER: _ClassVar[int]
    LOGGED_OUT_FIELD_NUMBER: _ClassVar[int]
    BACKEND_REACHABLE_FIELD_NUMBER: _ClassVar[int]
    name: str
    logged_in: int
    logged_out: int
    backend_reachable: bool
    def __init__(self, name: _Optional[str] = ..., logged_in: _Optional[int] = ..., logged_out: _Optional[int] = ..., backend_reachable: _Optional[bool] = ...) -> None: ...
