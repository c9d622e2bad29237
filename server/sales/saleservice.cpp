#include "saleservice.h"

#include "booking/groupbookingservice.h"
#include "salerepository.h"
#include "salesrepository.h"
#include "shiftrepository.h"

#include "app/logcategories.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>

namespace {
DomainError paymentInvalid(const QString &message)
{
    return {ErrorCode::PaymentInvalid, message, {{QStringLiteral("field"), QStringLiteral("payment")}}};
}

DomainError noOpenShift()
{
    return {ErrorCode::NoOpenShift,
            QStringLiteral("Open a shift first: sales and refunds go into the clerk's open "
                           "shift."),
            {}};
}

// The refusals of the sales functions (sql/022) that are not booking states.
std::optional<DomainError> saleRefusal(const QString &outcome, const QString &detail)
{
    if (outcome == QLatin1String("payment_required"))
        return DomainError{ErrorCode::PaymentRequired,
                           QStringLiteral("This booking costs money: confirm it with a payment."),
                           {}};
    if (outcome == QLatin1String("payment_invalid"))
        return paymentInvalid(
            QStringLiteral("Cash tendered must cover the total (and only cash is tendered)."));
    if (outcome == QLatin1String("no_open_shift"))
        return noOpenShift();
    if (outcome == QLatin1String("shift_not_found"))
        return DomainError{ErrorCode::ShiftNotFound, QStringLiteral("No such shift."), {}};
    if (outcome == QLatin1String("shift_closed"))
        return DomainError{ErrorCode::ShiftClosed,
                           QStringLiteral("That shift is closed: open a new one."), {}};
    if (outcome == QLatin1String("nothing_to_cancel"))
        return DomainError{
            ErrorCode::NothingToCancel,
            detail.isEmpty() ? QStringLiteral("Nothing of that is left in this booking.")
                             : QStringLiteral("This booking has no such ticket left: %1.").arg(detail),
            {{QStringLiteral("detail"), detail}}};
    if (outcome == QLatin1String("seat_ids_required"))
        return DomainError{ErrorCode::InvalidField,
                           QStringLiteral("A seated booking gives back seats: name them in seat_ids."),
                           {{QStringLiteral("field"), QStringLiteral("seat_ids")}}};
    return std::nullopt;
}

std::optional<Booking::Status> statusOf(const QString &name)
{
    return name.isEmpty() ? std::nullopt : Booking::statusFromName(name);
}
} // namespace

std::optional<DomainError> SaleService::check(const PaymentCommand &payment, const TillAccess &till)
{
    if (!Sales::paymentMethods().contains(payment.method))
        return paymentInvalid(QStringLiteral("payment.method must be one of %1.")
                                  .arg(Sales::paymentMethods().join(QStringLiteral(", "))));
    if (till.kind == TillAccess::Kind::None)
        return DomainError{ErrorCode::Forbidden,
                           QStringLiteral("Payments are taken by staff or a shop's token."), {}};
    if (till.kind == TillAccess::Kind::Shop && payment.method != QLatin1String("online"))
        return paymentInvalid(QStringLiteral("A shop's token takes online payments only."));
    if (payment.tendered && payment.method != QLatin1String("cash"))
        return paymentInvalid(QStringLiteral("Only cash is tendered."));
    if (payment.reference.size() > 100)
        return paymentInvalid(QStringLiteral("payment.reference may be at most 100 characters."));
    return std::nullopt;
}

std::optional<DomainError> SaleService::check(const CancelCommand &cancel, const TillAccess &till)
{
    const auto invalid = [](const QString &field, const QString &message) {
        return DomainError{ErrorCode::InvalidField, message, {{QStringLiteral("field"), field}}};
    };
    if (!cancel.tickets.isEmpty() && !cancel.seatLabels.isEmpty())
        return invalid(QStringLiteral("tickets"),
                       QStringLiteral("Name tickets or seat_ids to cancel, not both."));
    QSet<QString> named;
    for (const BookingService::TicketRequest &ticket : cancel.tickets) {
        if (named.contains(ticket.category))
            return invalid(QStringLiteral("tickets"),
                           QStringLiteral("tickets names %1 twice.").arg(ticket.category));
        named.insert(ticket.category);
    }
    named.clear();
    for (const QString &label : cancel.seatLabels) {
        if (named.contains(label))
            return invalid(QStringLiteral("seat_ids"),
                           QStringLiteral("seat_ids names %1 twice.").arg(label));
        named.insert(label);
    }
    if (!cancel.refundMethod.isEmpty() && !Sales::paymentMethods().contains(cancel.refundMethod))
        return invalid(QStringLiteral("refund"),
                       QStringLiteral("refund.method must be one of %1.")
                           .arg(Sales::paymentMethods().join(QStringLiteral(", "))));
    // Online refunds go back through a payment provider, outside any till: a
    // shop's (its only method) or an admin's call; a clerk gives money back
    // from the till.
    const bool online = cancel.refundMethod == QLatin1String("online");
    if (till.kind == TillAccess::Kind::Shop && !cancel.refundMethod.isEmpty() && !online)
        return invalid(QStringLiteral("refund"), QStringLiteral("A shop's token refunds online only."));
    if (online && till.kind != TillAccess::Kind::Shop && till.kind != TillAccess::Kind::Admin)
        return DomainError{ErrorCode::Forbidden,
                           QStringLiteral("Online refunds are made by a shop's token or an admin."),
                           {}};
    return std::nullopt;
}

Result<qint64> SaleService::shiftFor(const Till &till)
{
    if (!till.access.hasShifts())
        return qint64(0);
    const auto own = ShiftRepository(m_session).openShiftOf(till.access.owner);
    if (!own)
        return own.error();
    const qint64 ownId = *own ? (*own)->id : 0;
    if (till.requestedShiftId == 0 || till.requestedShiftId == ownId)
        return ownId;
    if (!till.access.mayUseAnyShift())
        return Result<qint64>::failure(ErrorCode::Forbidden,
                                       QStringLiteral("A clerk takes money into their own shift "
                                                      "only."));
    return till.requestedShiftId;
}

Result<Booking> SaleService::settled(qint64 bookingId, const BookingAccess &access,
                                     const QString &outcome, const QString &detail)
{
    if (const auto refusal = saleRefusal(outcome, detail))
        return *refusal;
    if (outcome == QLatin1String("confirmed") || outcome == QLatin1String("cancelled") ||
        outcome == QLatin1String("partly_cancelled"))
        return BookingService::withDetails(m_session, BookingRepository(m_session).find(bookingId, access));
    return BookingRepository::settleRefusal(outcome, bookingId);
}

Result<Booking> SaleService::confirm(qint64 bookingId, const BookingAccess &access,
                                     const AuditContext &who, const Till &till,
                                     const std::optional<PaymentCommand> &payment)
{
    SaleRepository::PaymentRequest request;
    if (payment) {
        if (const auto error = check(*payment, till.access))
            return *error;
        request.method = payment->method;
        request.tendered = payment->tendered;
        request.reference = payment->reference;
        if (payment->method != QLatin1String("online")) {
            const auto shift = shiftFor(till);
            if (!shift)
                return shift.error();
            request.shiftId = *shift;
        }
    }
    const auto done = SaleRepository(m_session).confirmPaid(bookingId, access, who, request);
    if (!done)
        return done.error();
    BookingService::countChange(statusOf(done->changedTo));
    return settled(bookingId, access, done->outcome, done->detail);
}

Result<Booking> SaleService::cancel(qint64 bookingId, const BookingAccess &access,
                                    const AuditContext &who, const Till &till,
                                    const CancelCommand &cancel)
{
    if (const auto error = check(cancel, till.access))
        return *error;
    // Only staff and shops give money back: a booking holder (or an
    // anonymous caller in open mode) may cancel only what was not paid for.
    if (till.access.kind == TillAccess::Kind::None) {
        // Theirs first: another's booking is booking_not_found, paid or not.
        if (const auto found = BookingRepository(m_session).find(bookingId, access); !found)
            return found.error();
        const auto money = SalesRepository(m_session).moneyOf({bookingId});
        if (!money)
            return money.error();
        if (Sales::netPaidOf(money->value(bookingId).payments) > 0)
            return DomainError{ErrorCode::Forbidden,
                               QStringLiteral("This booking was paid for: refunds are made at "
                                              "the counter."),
                               {}};
    }
    SaleRepository repository(m_session);
    SaleRepository::CancelRequest request;
    request.all = cancel.tickets.isEmpty() && cancel.seatLabels.isEmpty();
    for (const BookingService::TicketRequest &ticket : cancel.tickets) {
        request.categories << ticket.category;
        request.counts << ticket.count;
    }
    QHash<qint64, QString> labelOf;
    if (!cancel.seatLabels.isEmpty()) {
        // The booking first: an unknown (or not the caller's) booking is
        // booking_not_found, as everywhere, not a seat it lacks.
        if (const auto found = BookingRepository(m_session).find(bookingId, access); !found)
            return found.error();
        QStringList unknown;
        const auto ids = repository.seatIdsOf(bookingId, cancel.seatLabels, unknown);
        if (!ids)
            return ids.error();
        if (!unknown.isEmpty())
            return DomainError{ErrorCode::NothingToCancel,
                               QStringLiteral("This booking has no seat %1.")
                                   .arg(unknown.join(QStringLiteral(", "))),
                               {{QStringLiteral("seats"), QJsonArray::fromStringList(unknown)}}};
        request.seatIds = *ids;
        for (qsizetype i = 0; i < ids->size(); ++i)
            labelOf.insert(ids->at(i), cancel.seatLabels.value(i));
    }
    request.refundMethod = cancel.refundMethod;
    request.refundReference = cancel.refundReference;
    // A refund of anything but an online payment goes into the caller's
    // shift; only the database knows whether there is one to make.
    const auto shift = shiftFor(till);
    if (!shift)
        return shift.error();
    request.shiftId = *shift;
    const auto done = repository.cancelTickets(bookingId, access, who, request);
    if (!done)
        return done.error();
    BookingService::countChange(statusOf(done->changedTo));
    // The database names a seat by its id; the caller named it by label.
    const QString detail = labelOf.value(done->detail.toLongLong(), done->detail);
    return settled(bookingId, access, done->outcome, detail);
}

Result<BookingService::Booked> SaleService::sell(const BookingService::BookCommand &command,
                                                 const AuditContext &who, const Till &till,
                                                 const PaymentCommand &payment)
{
    if (const auto error = check(payment, till.access))
        return *error;
    qint64 shiftId = 0;
    if (payment.method != QLatin1String("online")) {
        const auto shift = shiftFor(till);
        if (!shift)
            return shift.error();
        if (*shift == 0)
            return noOpenShift();
        shiftId = *shift;
    }
    // The batched path, as every hold: seats, categories, flags, idempotency.
    const auto held = GroupBookingService(m_session).book({{command, m_settings}}).first();
    if (!held)
        return held.error();
    if (held->replayed && held->booking.status == Booking::Status::Confirmed)
        return held; // the retry of a sale that went through
    if (held->replayed && held->booking.status != Booking::Status::Pending)
        // The first attempt was refused and its hold given back: this key
        // stands for a sale that did not happen.
        return DomainError{ErrorCode::BookingCancelled,
                           QStringLiteral("This Idempotency-Key's sale was refused and nothing "
                                          "was sold; sell again with a new key."),
                           {}};
    SaleRepository::PaymentRequest request{payment.method, payment.tendered, payment.reference,
                                           shiftId};
    const auto done = SaleRepository(m_session).confirmPaid(held->booking.id, command.by, who,
                                                            request);
    const auto confirmed =
        done ? settled(held->booking.id, command.by, done->outcome, done->detail)
             : Result<Booking>(done.error());
    if (done)
        BookingService::countChange(statusOf(done->changedTo));
    if (!confirmed) {
        // Nothing is sold: the seats go back at once rather than at the hold's end.
        SaleRepository::CancelRequest release;
        release.all = true;
        const auto released =
            SaleRepository(m_session).cancelTickets(held->booking.id, command.by, who, release);
        if (released)
            BookingService::countChange(statusOf(released->changedTo));
        else
            qCWarning(lcBooking) << "could not release the hold of refused sale"
                                 << held->booking.id << "- it lapses at its deadline";
        return confirmed.error();
    }
    return BookingService::Booked{*confirmed, held->replayed, held->accessToken};
}
