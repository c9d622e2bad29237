#pragma once

#include "result.h"

#include <QString>
#include <QStringList>

// Classifies a DomainError that came out of ApiClient.
//
// Errors the server reports carry its ErrorCode; failures that never got a
// usable answer (refused connection, timeout, garbage body) have no server code,
// so they travel as ErrorCode::Internal with details["transport"] naming what
// happened. Keeping them in DomainError lets every call return the shared
// Result<T> instead of a client-only result type.
namespace ApiError {

enum class Kind
{
    Rejected,    // the server answered with an error body and code
    Unreachable, // no HTTP answer: refused, reset, host not found
    Timeout,     // no answer within the request timeout
    BadResponse, // an HTTP answer we cannot use: 5xx without JSON, malformed JSON, wrong shape
    Tls,         // the server's certificate is not trusted (or not the pinned one): no request
                 // was sent; details["certificate_sha256"] is its fingerprint, to offer a pin
};

DomainError make(Kind kind, const QString &message, int httpStatus = 0);
Kind kind(const DomainError &error);
int httpStatus(const DomainError &error);

// True when the server could not be reached at all (worth retrying later).
// A TLS refusal is not: retrying meets the same certificate.
bool isTransport(const DomainError &error);

// For Kind::Tls: the refused certificate's SHA-256 fingerprint ("AB:CD:..."),
// as ApiClient::fingerprint() writes it; empty otherwise.
QString certificateSha256(const DomainError &error);

// The seat labels a reserved-seating refusal names (details["seats"]): the
// taken ones of seats_taken, the unknown ones of invalid_field; empty otherwise.
QStringList seatLabels(const DomainError &error);

// The server's code for a refusal ("no_open_shift"), also when this client's
// ErrorCode does not know it yet; empty when there was no refusal.
QString codeName(const DomainError &error);

// A sentence for the status line: the server's own text for rejections,
// a plain explanation otherwise.
QString describe(const DomainError &error);

} // namespace ApiError
