#include "groupbookingservice.h"

#include "app/logcategories.h"
#include "bookingbatchrepository.h"
#include "metrics/servermetrics.h"
#include "referencegenerator.h"

#include <QLoggingCategory>
#include <QSet>

#include <optional>

namespace {
using Booked = BookingService::Booked;

DomainError keyReused()
{
    return BookingRepository::bookingRefusal(QStringLiteral("idempotency_key_reused"), 0, 0);
}

// What one entry sent to the database needs to make its answer.
struct Sent
{
    qsizetype position = 0;
    BookingRepository::BookRequest request;
    QByteArray accessToken;
};
} // namespace

QList<Result<Booked>> GroupBookingService::book(const QList<Entry> &entries)
{
    QList<std::optional<Result<Booked>>> answers(entries.size());
    QList<Sent> sent;
    QList<BookingRepository::BookRequest> requests;
    QList<bool> mayHold;
    QSet<QString> references;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const Entry &entry = entries[i];
        // The service's rules are the authority here too, as in book().
        if (auto error = BookingService::check(entry.command, entry.settings)) {
            answers[i] = *error;
            continue;
        }
        Sent one{i, {}, {}};
        one.request = BookingService::requestFor(entry.command, entry.settings, one.accessToken);
        do
            one.request.reference = ReferenceGenerator::next();
        while (references.contains(one.request.reference));
        references.insert(one.request.reference);
        // Only keyed commands pass check() while paused: they may be replayed, not hold.
        mayHold << !BookingService::checkSalesOpen(entry.command.showId, entry.settings);
        requests << one.request;
        sent << one;
    }
    if (!sent.isEmpty()) {
        ServerMetrics::instance().observeBookingBatch(int(sent.size()));
        auto outcome = BookingBatchRepository(m_session).book(requests, mayHold);
        if (auto *failure = std::get_if<BookingBatchRepository::Failure>(&outcome)) {
            if (failure->connectionLost) {
                for (const Sent &one : sent)
                    answers[one.position] = failure->error;
            } else {
                // A reference collision, a deadlock retried once already, a
                // constraint: one by one, each as if it had come alone.
                ServerMetrics::instance().countBookingBatchFallback();
                qCInfo(lcBooking) << "booking batch of" << sent.size()
                                  << "failed as a whole; retrying one by one";
                for (const Sent &one : sent)
                    answers[one.position] =
                        BookingService(m_session, entries[one.position].settings)
                            .book(entries[one.position].command);
            }
        } else {
            const auto &rows = std::get<QList<BookingBatchRepository::Row>>(outcome);
            for (qsizetype j = 0; j < sent.size(); ++j)
                answers[sent[j].position] =
                    answerFor(entries[sent[j].position], sent[j].request, sent[j].accessToken,
                              rows[j]);
        }
    }
    QList<Result<Booked>> results;
    results.reserve(entries.size());
    for (auto &answer : answers)
        results << std::move(*answer);
    return results;
}

Result<Booked> GroupBookingService::answerFor(const Entry &entry,
                                              const BookingRepository::BookRequest &request,
                                              const QByteArray &accessToken,
                                              const BookingBatchRepository::Row &row)
{
    const BookingService::BookCommand &command = entry.command;
    if (row.outcome == QLatin1String("booked")) {
        Booking booking;
        booking.id = row.bookingId;
        booking.reference = request.reference;
        booking.showId = request.showId;
        booking.userName = request.userName;
        booking.seats = request.seats;
        booking.createdAt = row.createdAt;
        booking.expiresAt = row.expiresAt;
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
        return Booked{made->booking, true,
                      BookingService::replayedAccessToken(command, made->accessTokenHash)};
    }
    if (row.outcome == QLatin1String("sales_paused"))
        return *BookingService::checkSalesOpen(command.showId, entry.settings);
    const DomainError refusal =
        BookingRepository::bookingRefusal(row.outcome, request.showId, row.available);
    if (refusal.code == ErrorCode::NotEnoughSeats)
        ServerMetrics::instance().countBooking(BookingOutcome::RefusedSeats);
    return refusal;
}
