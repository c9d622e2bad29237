#pragma once

#include "audit/auditentry.h"
#include "booking.h"
#include "result.h"

#include <QList>
#include <QStringList>

#include <optional>

class DatabaseSession;

// All SQL on the bookings table, including every statement that takes seat
// locks (through the functions in sql/002_booking_functions.sql). Runs on a
// worker thread with that thread's session.
class BookingRepository
{
public:
    struct BookRequest
    {
        qint64 showId = 0;
        QString userName;
        int seats = 0;
        int holdSeconds = 120;
        QString reference;      // drawn by the caller (BookingService)
        QString idempotencyKey; // null when the client sent none
        QString requestHash;    // fingerprint of the request the key stands for
    };
    struct BookResult
    {
        Booking booking;
        bool replayed = false; // an earlier request with the same Idempotency-Key made it
    };
    struct Page
    {
        QList<Booking> bookings;
        qint64 total = 0;
    };

    explicit BookingRepository(DatabaseSession &session) : m_session(session) {}

    // No value (std::nullopt) when the reference is already taken: nothing was
    // written, and the caller draws another one.
    Result<std::optional<BookResult>> book(const BookRequest &request);
    // The booking an earlier request with this Idempotency-Key made (replayed),
    // nothing when the key is unknown or its request made no booking, or
    // IdempotencyKeyReused when the key stood for another request.
    Result<std::optional<BookResult>> findReplay(const QString &idempotencyKey,
                                                 const QString &requestHash);
    // A change is recorded in the audit log as who (in the same call); a refusal is not.
    Result<Booking> confirm(qint64 id, const AuditContext &who);
    Result<Booking> cancel(qint64 id, const AuditContext &who);
    Result<Booking> find(qint64 id);
    Result<Booking> findByReference(const QString &reference);
    Result<Page> listForShow(qint64 showId, const QStringList &statuses, int limit, int offset);

private:
    Result<Booking> findOne(const QString &sql, const QVariant &key);

    DatabaseSession &m_session;
};
