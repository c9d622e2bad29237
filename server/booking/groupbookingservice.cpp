#include "groupbookingservice.h"

#include "app/logcategories.h"
#include "bookingbatchrepository.h"
#include "metrics/servermetrics.h"
#include "referencegenerator.h"
#include "seating/seatassigner.h"
#include "seating/seatingcatalog.h"
#include "seating/seatstaterepository.h"
#include "db/transaction.h"

#include <QLoggingCategory>
#include <QJsonArray>
#include <QSet>

#include <algorithm>

#include <optional>

using Sent = GroupBookingService::Sent;

namespace {
using Booked = BookingService::Booked;

// A best-available block lost to another writer twice over (or the lock failed).
DomainError seatsChanged()
{
    return {ErrorCode::Conflict,
            QStringLiteral("The seats changed while they were being chosen; try again."),
            {}};
}

DomainError keyReused()
{
    return BookingRepository::bookingRefusal(QStringLiteral("idempotency_key_reused"), 0, 0);
}

// What one entry sent to the database needs to make its answer.
} // namespace

QList<Result<Booked>> GroupBookingService::book(const QList<Entry> &entries)
{
    QList<std::optional<Result<Booked>>> answers(entries.size());
    QList<Sent> sent;
    QSet<QString> references;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const Entry &entry = entries[i];
        // The service's rules are the authority here too, as in book().
        if (auto error = BookingService::check(entry.command, entry.settings)) {
            answers[i] = *error;
            continue;
        }
        Sent one{i, {}, {}, {}};
        one.request = BookingService::requestFor(entry.command, entry.settings, one.accessToken);
        do
            one.request.reference = ReferenceGenerator::next();
        while (references.contains(one.request.reference));
        references.insert(one.request.reference);
        // Only keyed commands pass check() while paused: they may be replayed, not hold.
        one.mayHold = !BookingService::checkSalesOpen(entry.command.showId, entry.settings);
        sent << one;
    }
    if (!sent.isEmpty()) {
        ServerMetrics::instance().observeBookingBatch(int(sent.size()));
        if (const auto error = assignSeats(entries, sent, answers)) {
            for (const Sent &one : sent)
                answers[one.position] = *error;
            sent.clear();
        }
    }
    // Best-available chose from a moment before the batch took the show's
    // lock; a block that is no longer free (another server sold a seat of it)
    // is chosen again, this time under the show's lock, so it cannot go stale
    // again: two servers that chose from the same moment would otherwise
    // keep choosing the same block.
    if (!sent.isEmpty()) {
        const QList<Sent> stale = send(entries, sent, answers);
        if (!stale.isEmpty())
            sendUnderLock(entries, stale, answers);
    }
    QList<Result<Booked>> results;
    results.reserve(entries.size());
    for (auto &answer : answers)
        results << std::move(*answer);
    return results;
}

std::optional<DomainError>
GroupBookingService::assignSeats(const QList<Entry> &entries, QList<Sent> &sent,
                                 QList<std::optional<Result<Booked>>> &answers)
{
    SeatAssigner assigner(m_session);
    QList<qint64> showIds;
    bool picks = false;
    for (const Sent &one : sent) {
        showIds << one.request.showId;
        picks = picks || !entries[one.position].command.seatLabels.isEmpty();
    }
    // General admission keeps its own statement: one cached lookup, no more.
    if (!picks) {
        const auto seated = assigner.anySeated(showIds);
        if (!seated)
            return seated.error();
        if (!*seated)
            return std::nullopt;
    }
    QList<SeatAssigner::Want> wants;
    for (const Sent &one : sent) {
        const BookingService::BookCommand &command = entries[one.position].command;
        wants << SeatAssigner::Want{command.showId, command.seatLabels, command.seats,
                                    command.accessible};
    }
    const QList<Result<SeatAssigner::Assigned>> assigned = assigner.assign(wants);
    for (qsizetype j = 0; j < sent.size(); ++j) {
        Sent &one = sent[j];
        one.request.seatedBatch = true;
        one.request.seatIds.clear();
        one.seatRefusal.reset();
        if (!assigned[j]) {
            // A keyed request goes on without seats: the database may still
            // replay it; if not, it answers with this refusal.
            one.seatRefusal = assigned[j].error();
            continue;
        }
        one.request.seatIds = assigned[j]->seatIds;
        one.request.bestAvailable = assigned[j]->bestAvailable;
    }
    // Without an Idempotency-Key a refused seat choice needs no database.
    QList<Sent> going;
    for (Sent &one : sent) {
        if (one.seatRefusal && one.request.idempotencyKey.isNull())
            answers[one.position] = *one.seatRefusal;
        else
            going << one;
    }
    sent = going;
    return std::nullopt;
}

QList<Sent> GroupBookingService::send(const QList<Entry> &entries, const QList<Sent> &sent,
                                      QList<std::optional<Result<Booked>>> &answers)
{
    QList<Sent> stale;
    if (sent.isEmpty())
        return stale;
    QList<BookingRepository::BookRequest> requests;
    QList<bool> mayHold;
    for (const Sent &one : sent) {
        requests << one.request;
        mayHold << one.mayHold;
    }
    auto outcome = BookingBatchRepository(m_session).book(requests, mayHold);
    if (auto *failure = std::get_if<BookingBatchRepository::Failure>(&outcome)) {
        if (failure->connectionLost) {
            for (const Sent &one : sent)
                answers[one.position] = failure->error;
            return stale;
        }
        // A reference collision, a deadlock retried once already, a
        // constraint: one by one, each as if it had come alone.
        ServerMetrics::instance().countBookingBatchFallback();
        qCInfo(lcBooking) << "booking batch of" << sent.size()
                          << "failed as a whole; retrying one by one";
        for (const Sent &one : sent) {
            // Picks and categories never go back to BookingService::book,
            // which would send them here again.
            if (one.request.seatIds.isEmpty() && !one.seatRefusal &&
                one.request.ticketsJson.isNull())
                answers[one.position] = BookingService(m_session, entries[one.position].settings)
                                            .book(entries[one.position].command);
            else
                answers[one.position] = sendAlone(entries[one.position], one);
        }
        return stale;
    }
    const auto &rows = std::get<QList<BookingBatchRepository::Row>>(outcome);
    for (qsizetype j = 0; j < sent.size(); ++j) {
        if (rows[j].outcome == QLatin1String("seats_stale"))
            stale << sent[j];
        else
            answers[sent[j].position] = answerFor(entries[sent[j].position], sent[j], rows[j]);
    }
    return stale;
}

void GroupBookingService::sendUnderLock(const QList<Entry> &entries, QList<Sent> stale,
                                        QList<std::optional<Result<Booked>>> &answers)
{
    const DomainError unavailable{ErrorCode::DatabaseUnavailable,
                                  QStringLiteral("The database is unavailable; try again shortly."),
                                  {}};
    const auto failAll = [&](const DomainError &error) {
        for (const Sent &one : std::as_const(stale))
            if (!answers[one.position])
                answers[one.position] = error;
    };
    // The show rows before the Idempotency-Keys, unlike the batch function's
    // order: a deadlock with a batch holding one of these keys is possible
    // but needs the same key on two servers at once; PostgreSQL then fails
    // one side, answered 409 conflict (the client retries with its key).
    Transaction transaction(m_session);
    if (!transaction.isActive())
        return failAll(unavailable);
    QList<qint64> showIds;
    for (const Sent &one : std::as_const(stale))
        showIds << one.request.showId;
    if (!SeatStateRepository(m_session).lockShows(showIds))
        return failAll(seatsChanged());
    if (const auto error = assignSeats(entries, stale, answers))
        return failAll(*error);
    if (stale.isEmpty()) {
        transaction.commit();
        return;
    }
    QList<BookingRepository::BookRequest> requests;
    QList<bool> mayHold;
    for (const Sent &one : std::as_const(stale)) {
        requests << one.request;
        mayHold << one.mayHold;
    }
    auto outcome = BookingBatchRepository(m_session).book(requests, mayHold);
    if (auto *failure = std::get_if<BookingBatchRepository::Failure>(&outcome))
        return failAll(failure->connectionLost ? failure->error : seatsChanged());
    if (!transaction.commit())
        return failAll(unavailable);
    const auto &rows = std::get<QList<BookingBatchRepository::Row>>(outcome);
    for (qsizetype j = 0; j < stale.size(); ++j)
        answers[stale[j].position] = rows[j].outcome == QLatin1String("seats_stale")
                                         ? Result<Booked>(seatsChanged())
                                         : answerFor(entries[stale[j].position], stale[j], rows[j]);
}

Result<Booked> GroupBookingService::sendAlone(const Entry &entry, const Sent &one)
{
    auto outcome = BookingBatchRepository(m_session).book({one.request}, {one.mayHold});
    if (auto *failure = std::get_if<BookingBatchRepository::Failure>(&outcome))
        return failure->error;
    const auto &row = std::get<QList<BookingBatchRepository::Row>>(outcome).first();
    if (row.outcome == QLatin1String("seats_stale"))
        return seatsChanged();
    return answerFor(entry, one, row);
}

QStringList GroupBookingService::labelsOf(qint64 showId, const QList<qint64> &seatIds)
{
    QStringList labels;
    const auto plans = SeatingCatalog::instance().plansOfShows(m_session, {showId});
    if (!plans || plans->value(showId, 0) == 0)
        return labels;
    const auto plan = SeatingCatalog::instance().plan(m_session, plans->value(showId));
    if (!plan)
        return labels;
    QList<int> indexes;
    for (const qint64 id : seatIds)
        if (const auto found = (*plan)->indexById.constFind(id); found != (*plan)->indexById.constEnd())
            indexes << *found;
    std::sort(indexes.begin(), indexes.end()); // the plan's seats are in row and seat order
    for (const int index : indexes)
        labels << (*plan)->plan.seats[index].label;
    return labels;
}

Result<Booked> GroupBookingService::answerFor(const Entry &entry, const Sent &one,
                                              const BookingBatchRepository::Row &row)
{
    const BookingService::BookCommand &command = entry.command;
    const BookingRepository::BookRequest &request = one.request;
    const QByteArray &accessToken = one.accessToken;
    if (row.outcome == QLatin1String("booked")) {
        Booking booking;
        booking.id = row.bookingId;
        booking.reference = request.reference;
        booking.showId = request.showId;
        booking.userName = request.userName;
        booking.seats = request.seats;
        booking.createdAt = row.createdAt;
        booking.expiresAt = row.expiresAt;
        booking.seatLabels = labelsOf(request.showId, request.seatIds);
        booking.lines = row.lines;
        ServerMetrics::instance().countBooking(BookingOutcome::Held);
        return Booked{booking, false, accessToken};
    }
    if (row.outcome == QLatin1String("replayed")) {
        const auto made = BookingRepository(m_session).findForReplay(row.bookingId);
        if (!made)
            return made.error();
        // A key is no way into a booking someone else made.
        if (!BookingService::mayReplay(command.by, made->createdByTokenId, made->hasAccessToken))
            return keyReused();
        const Booking booking = *BookingService::withDetails(m_session, made->booking);
        return Booked{booking, true,
                      BookingService::replayedAccessToken(command, made->accessTokenHash)};
    }
    if (row.outcome == QLatin1String("unknown_category"))
        return DomainError{ErrorCode::UnknownCategory,
                           QStringLiteral("Show %1 sells no tickets of category %2.")
                               .arg(request.showId)
                               .arg(row.category),
                           {{QStringLiteral("category"), row.category},
                            {QStringLiteral("field"), QStringLiteral("tickets")}}};
    if (row.outcome == QLatin1String("sales_paused"))
        return *BookingService::checkSalesOpen(command.showId, entry.settings);
    // A keyed request whose seat choice failed, and that was no replay either.
    if (one.seatRefusal)
        return *one.seatRefusal;
    if (row.outcome == QLatin1String("seats_taken")) {
        const QStringList taken = labelsOf(request.showId, row.seats);
        return DomainError{ErrorCode::SeatsTaken,
                           QStringLiteral("Already taken: %1. Nothing was held.")
                               .arg(taken.join(QStringLiteral(", "))),
                           {{QStringLiteral("seats"), QJsonArray::fromStringList(taken)}}};
    }
    if (row.outcome == QLatin1String("not_seated") || row.outcome == QLatin1String("unknown_seats"))
        return DomainError{ErrorCode::InvalidField,
                           row.outcome == QLatin1String("not_seated")
                               ? QStringLiteral("Show %1 has no seating plan: book a number of "
                                                "seats, not seat_ids.")
                                     .arg(request.showId)
                               : QStringLiteral("A seat is not in this show's plan."),
                           {{QStringLiteral("field"), QStringLiteral("seat_ids")}}};
    const DomainError refusal =
        BookingRepository::bookingRefusal(row.outcome, request.showId, row.available);
    if (refusal.code == ErrorCode::NotEnoughSeats)
        ServerMetrics::instance().countBooking(BookingOutcome::RefusedSeats);
    return refusal;
}
