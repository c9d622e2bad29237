#pragma once

#include "audit/auditentry.h"
#include "booking/bookingservice.h"
#include "result.h"
#include "tillaccess.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class DatabaseSession;

// The rules of taking money (issue 18): confirming with a payment, walk-in
// sales, cancelling some or all tickets with a refund, and which shift each
// belongs to. Knows no HTTP; the money itself moves in one SQL function per
// operation (sql/022), which keeps payments - refunds = the live lines.
//
// Short-lived like BookingService: one per operation, on a worker thread with
// that thread's session.
class SaleService
{
public:
    struct PaymentCommand
    {
        QString method; // cash, card, voucher, online, other
        std::optional<qint64> tendered;
        QString reference;
    };
    struct CancelCommand
    {
        bool all = true; // no tickets and no seats named
        QList<BookingService::TicketRequest> tickets;
        QStringList seatLabels;
        QString refundMethod; // empty: the method it was paid with
        QString refundReference;
    };
    // Who is taking the money, and the shift they named (admins only; 0: their own).
    struct Till
    {
        TillAccess access;
        qint64 requestedShiftId = 0;
    };

    SaleService(DatabaseSession &session, BookingService::Settings settings)
        : m_session(session), m_settings(std::move(settings))
    {
    }

    Result<Booking> confirm(qint64 bookingId, const BookingAccess &access, const AuditContext &who,
                            const Till &till, const std::optional<PaymentCommand> &payment);
    Result<Booking> cancel(qint64 bookingId, const BookingAccess &access, const AuditContext &who,
                           const Till &till, const CancelCommand &cancel);
    // Holds through the group-booking path and confirms with the payment at
    // once. A payment the database refuses releases the hold again.
    Result<BookingService::Booked> sell(const BookingService::BookCommand &command,
                                        const AuditContext &who, const Till &till,
                                        const PaymentCommand &payment);

    // The rules that need no database, for the controller to refuse early.
    static std::optional<DomainError> check(const PaymentCommand &payment, const TillAccess &till);
    static std::optional<DomainError> check(const CancelCommand &cancel, const TillAccess &till);

private:
    // The shift money goes into: the requested one (admins), or the caller's
    // open shift; 0 when there is none (the database then answers
    // no_open_shift if it needed one).
    Result<qint64> shiftFor(const Till &till);
    Result<Booking> settled(qint64 bookingId, const BookingAccess &access, const QString &outcome,
                            const QString &detail);

    DatabaseSession &m_session;
    BookingService::Settings m_settings;
};
