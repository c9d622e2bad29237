#pragma once

#include <QString>

#include <optional>

// Machine-readable error codes of the REST API ("code" in every error body).
// The HTTP status each maps to is decided in one place on the server.
enum class ErrorCode
{
    InvalidJson,          // body is not a JSON object
    InvalidField,         // a field has the wrong type or format
    MissingField,         // a required field is absent
    OutOfRange,           // a number or length outside its allowed range
    InvalidId,            // a path id that is not a positive integer
    UnsupportedMediaType, // a body that is not application/json
    PayloadTooLarge,      // body over the limit
    Unauthorized,         // admin route without the right bearer token
    NotFound,             // unknown path
    MethodNotAllowed,     // known path, wrong method
    ShowNotFound,
    BookingNotFound,
    NotEnoughSeats,
    ShowCancelled,
    BookingExpired,
    BookingCancelled,
    CapacityBelowReserved, // PATCH would shrink a show below its reserved seats
    IdempotencyKeyReused,  // same Idempotency-Key, different request
    Conflict,              // lost a race with a concurrent change twice; retry
    DatabaseUnavailable,
    ServerBusy,       // the work queue is full or the request waited too long in it; retry
    BadRequest,       // the HTTP message itself is malformed (request line, headers, framing)
    HeadersTooLarge,  // too many header fields, or one too long
    FlagNotFound,     // no feature flag with that key
    InvalidFlagKey,   // a key that is not 1..100 of [a-z0-9._:-], or an unknown booking.*/sales.*
                      // name
    InvalidFlagValue, // a value of the wrong JSON type, a built-in flag out of range, a bad percent
    VersionConflict,  // If-Match names a version the flag no longer has
    SalesPaused,      // an operator paused sales (all, or for this show) with a flag
    // Security (issue 13). Every refused credential is Unauthorized (above), with
    // details.reason: missing, malformed, unknown, revoked or expired. Rate limits and
    // locks carry details.retry_after (seconds).
    Forbidden,          // authenticated, but the role may not do this (or not to this booking)
    InvalidCredentials, // wrong username or password (never says which)
    AccountLocked,      // too many failed logins for this name; retry after details.retry_after
    RateLimited,        // too many requests from this address or token; retry after
    HostNotAllowed,     // Host header not in --allowed-hosts (DNS rebinding)
    WeakPassword,       // a password shorter than the minimum
    UserNotFound,
    TokenNotFound,
    UsernameTaken,
    LastAdmin, // the change would leave no enabled admin account
    NotReady,  // GET /health/ready: draining, or no database (details.reason says which)
    UpgradeRequired, // GET /ws without a valid WebSocket handshake (426)
    // Reserved seating (issue 17)
    SeatsTaken,   // a picked seat is held, sold or blocked: details.seats names them (409)
    PlanNotFound, // no seating plan with that id (404)
    // Sales at the counter (issue 18)
    NoOpenShift,      // selling or refunding needs the caller's open shift (409)
    ShiftAlreadyOpen, // the caller has an open shift already (409)
    ShiftClosed,      // the shift is closed: no sale, refund or second close (409)
    ShiftNotFound,    // no shift with that id, or not the caller's (404)
    PaymentRequired,  // the booking costs something: confirm it with a payment (409)
    PaymentInvalid,   // tendered below the total, tendered for a card, a method not allowed (422)
    UnknownCategory,  // not a ticket category the show sells (422; details.category)
    NothingToCancel,  // no such ticket left in the booking (422)
    Internal,
};

QString errorCodeName(ErrorCode code);
std::optional<ErrorCode> errorCodeFromName(const QString &name);
