#pragma once

#include "audit/auditentry.h"
#include "booking/bookingaccess.h"
#include "result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class DatabaseSession;

// Runs the sales functions of sql/022 that move money (confirm with a
// payment, cancel tickets with a refund); each is one call, committed whole.
class SaleRepository
{
public:
    struct PaymentRequest
    {
        QString method;                 // null: no payment
        std::optional<qint64> tendered; // cash only
        QString reference;
        qint64 shiftId = 0; // 0: none
    };
    struct CancelRequest
    {
        bool all = false;
        QStringList categories; // with counts, for general admission
        QList<int> counts;
        QList<qint64> seatIds; // seated: plan_seats ids
        QString refundMethod;  // null: the method it was paid with
        QString refundReference;
        qint64 shiftId = 0;
    };
    // The function's outcome and what it changed (changedTo: the status it
    // gave the booking, empty when none).
    struct Outcome
    {
        QString outcome;
        QString changedTo;
        QString detail;
    };

    explicit SaleRepository(DatabaseSession &session) : m_session(session) {}

    Result<Outcome> confirmPaid(qint64 bookingId, const BookingAccess &access,
                                const AuditContext &who, const PaymentRequest &payment);
    Result<Outcome> cancelTickets(qint64 bookingId, const BookingAccess &access,
                                  const AuditContext &who, const CancelRequest &cancel);
    // The plan seat ids of labels in the booking's show; labels it has no
    // seat for are left out of the answer and named in unknown.
    Result<QList<qint64>> seatIdsOf(qint64 bookingId, const QStringList &labels,
                                    QStringList &unknown);

private:
    DatabaseSession &m_session;
};
