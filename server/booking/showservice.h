#pragma once

#include "audit/auditentry.h"
#include "result.h"
#include "show.h"
#include "showrepository.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

class DatabaseSession;

// The rules of shows: name length and capacity limits (shared/apilimits.h),
// what a change must contain, and cancelling a show with its bookings. Knows
// nothing of HTTP; the SQL is the ShowRepository's.
//
// Made per operation on a worker thread with that thread's DatabaseSession
// (DbExecutor::run), like BookingService; the input rules are static so a
// controller can refuse bad input before it queues any work.
class ShowService
{
public:
    struct CreateCommand
    {
        QString name; // already trimmed, one line of text
        QDateTime startTime;
        int totalSeats = 0; // general admission only; 0 for a seated show
        // A seated show (issue 17): its capacity is the plan's seat count, so
        // totalSeats stays 0. 0: general admission.
        qint64 seatingPlanId = 0;
        // Its price list (issue 18), in order; none: one "standard" category at 0.
        std::optional<QList<TicketCategory>> categories;
    };
    // Only what is set changes: the repository's Changes, for one show.
    struct UpdateCommand : ShowRepository::Changes
    {
        qint64 id = 0;
        // Replaces the whole price list; sales made keep their prices.
        std::optional<QList<TicketCategory>> categories;
    };
    static constexpr int kMaxCategories = 50;
    static constexpr qint64 kMaxPrice = 100000000;
    // 1..kMaxCategories categories, codes unique and of [a-z0-9_-]{1,40},
    // names of 1..60 characters, prices 0..kMaxPrice minor units.
    static std::optional<DomainError> check(const QList<TicketCategory> &categories);
    using Cancelled = ShowRepository::Cancellation;

    explicit ShowService(DatabaseSession &session) : m_session(session) {}

    Result<QList<Show>> list();
    Result<Show> get(qint64 id);
    // Each change and its audit row (show.create, show.update, show.cancel,
    // recorded as who) commit in one transaction; a refused change records nothing.
    // A seated show's capacity follows its plan and its blocked seats: update
    // refuses total_seats for one (InvalidField), create an unknown plan (PlanNotFound).
    Result<Show> create(const CreateCommand &command, const AuditContext &who = {});
    Result<Show> update(const UpdateCommand &command, const AuditContext &who = {});
    // Cancels the show and every PENDING or CONFIRMED booking of it, in one transaction.
    Result<Cancelled> cancel(qint64 id, const AuditContext &who = {});

    // The first rule a command breaks, in field order, or nothing.
    static std::optional<DomainError> check(const CreateCommand &command);
    static std::optional<DomainError> check(const UpdateCommand &command);

private:
    // The show with its active ticket categories (a second statement).
    Result<Show> withCategories(Result<Show> show);

    DatabaseSession &m_session;
};
