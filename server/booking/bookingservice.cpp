#include "bookingservice.h"

#include "groupbookingservice.h"
#include "seating/seatassigner.h"
#include "seating/seatstaterepository.h"

#include "apilimits.h"
#include "app/logcategories.h"
#include "auth/bearertoken.h"
#include "bookingrepository.h"
#include "metrics/servermetrics.h"
#include "referencegenerator.h"

#include "sales/salesrepository.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <limits>

namespace {
// A reference collision (31^8 codes) is rare; five in a row means something else is wrong.
constexpr int kReferenceAttempts = 5;

DomainError fieldError(ErrorCode code, const QString &field, const QString &message)
{
    return {code, message, {{QStringLiteral("field"), field}}};
}

std::optional<DomainError> lengthError(const QString &field, const QString &text, int max)
{
    const qsizetype length = text.toUcs4().size();
    if (length >= 1 && length <= max)
        return std::nullopt;
    return fieldError(
        ErrorCode::OutOfRange, field,
        QStringLiteral("%1 must be %2 to %3 characters long.").arg(field).arg(1).arg(max));
}

std::optional<DomainError> rangeError(const QString &field, qint64 value, qint64 min, qint64 max)
{
    if (value >= min && value <= max)
        return std::nullopt;
    return fieldError(ErrorCode::OutOfRange, field,
                      QStringLiteral("%1 must be between %2 and %3.").arg(field).arg(min).arg(max));
}
} // namespace

std::optional<DomainError> BookingService::check(const BookCommand &command,
                                                 const Settings &settings)
{
    if (auto error =
            lengthError(QStringLiteral("user_name"), command.userName, Limits::kMaxUserNameLength))
        return error;
    if (auto error =
            rangeError(QStringLiteral("seats"), command.seats, 1, settings.maxSeatsPerBooking))
        return error;
    if (auto error = checkSeatLabels(command))
        return error;
    if (auto error = checkTickets(command))
        return error;
    if (auto error = checkIdempotencyKey(command.idempotencyKey))
        return error;
    if (command.by.issuesAccessToken && command.accessToken)
        if (auto error = checkAccessToken(*command.accessToken))
            return error;
    if (command.idempotencyKey.isEmpty())
        return checkSalesOpen(command.showId, settings);
    return std::nullopt;
}

std::optional<DomainError> BookingService::checkSeatLabels(const BookCommand &command)
{
    if (command.seatLabels.isEmpty())
        return std::nullopt;
    const auto invalid = [](const QString &message) {
        return DomainError{ErrorCode::InvalidField, message,
                           {{QStringLiteral("field"), QStringLiteral("seat_ids")}}};
    };
    if (command.seatLabels.size() != command.seats)
        return invalid(QStringLiteral("seats must be the number of seat_ids when both are given."));
    QSet<QString> seen;
    for (const QString &label : command.seatLabels) {
        if (label.isEmpty() || label.size() > kMaxSeatLabelLength)
            return invalid(QStringLiteral("Each of seat_ids must be a seat label of 1 to %1 "
                                          "characters.")
                               .arg(kMaxSeatLabelLength));
        if (seen.contains(label))
            return invalid(QStringLiteral("seat_ids names %1 twice.").arg(label));
        seen.insert(label);
    }
    return std::nullopt;
}

std::optional<DomainError> BookingService::checkTickets(const BookCommand &command)
{
    if (command.tickets.isEmpty())
        return std::nullopt;
    const auto invalid = [](const QString &message) {
        return DomainError{ErrorCode::InvalidField, message,
                           {{QStringLiteral("field"), QStringLiteral("tickets")}}};
    };
    static const QRegularExpression code(QStringLiteral("^[a-z0-9_-]{1,40}$"));
    QSet<QString> seen;
    qint64 sum = 0;
    for (const TicketRequest &ticket : command.tickets) {
        if (!code.match(ticket.category).hasMatch())
            return invalid(QStringLiteral("Each ticket's category must be a category code "
                                          "(1 to 40 of a-z, 0-9, _ and -)."));
        if (seen.contains(ticket.category))
            return invalid(QStringLiteral("tickets names %1 twice.").arg(ticket.category));
        seen.insert(ticket.category);
        if (ticket.count < 1)
            return invalid(QStringLiteral("Each ticket's count must be 1 or more."));
        sum += ticket.count;
    }
    if (sum != command.seats)
        return invalid(QStringLiteral("The tickets' counts must add up to the seats booked."));
    return std::nullopt;
}

QString BookingService::ticketsJson(const QList<TicketRequest> &tickets)
{
    if (tickets.isEmpty())
        return {};
    QJsonArray pairs;
    for (const TicketRequest &ticket : tickets)
        pairs.append(QJsonArray{ticket.category, ticket.count});
    return QString::fromUtf8(QJsonDocument(pairs).toJson(QJsonDocument::Compact));
}

std::optional<DomainError> BookingService::checkSalesOpen(qint64 showId, const Settings &settings)
{
    // No Retry-After: a pause lasts until an operator lifts it.
    if (settings.salesPaused)
        return DomainError{ErrorCode::SalesPaused,
                           QStringLiteral("Sales are paused: no new holds can be made."),
                           {{QStringLiteral("scope"), QStringLiteral("all")}}};
    if (settings.pausedShowIds.contains(showId))
        return DomainError{ErrorCode::SalesPaused,
                           QStringLiteral("Sales for this show are paused."),
                           {{QStringLiteral("scope"), QStringLiteral("show")},
                            {QStringLiteral("show_id"), showId}}};
    return std::nullopt;
}

std::optional<DomainError> BookingService::checkIdempotencyKey(const QByteArray &key)
{
    // Visible ASCII only, judged on the bytes as they arrived: keys are opaque
    // tokens (UUIDs and the like). Trimming Unicode spaces or a BOM would make
    // two different keys one; a NUL or control byte would not survive the trip
    // into SQL.
    const bool visibleAscii = std::all_of(key.begin(), key.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte >= 0x21 && byte <= 0x7e;
    });
    const QString field = QStringLiteral("Idempotency-Key");
    if (!visibleAscii)
        return fieldError(
            ErrorCode::InvalidField, field,
            QStringLiteral("Idempotency-Key may only contain visible ASCII characters."));
    if (key.size() > Limits::kMaxIdempotencyKeyLength)
        return fieldError(ErrorCode::OutOfRange, field,
                          QStringLiteral("Idempotency-Key may be at most %1 characters.")
                              .arg(Limits::kMaxIdempotencyKeyLength));
    return std::nullopt;
}

std::optional<DomainError> BookingService::checkAccessToken(const QByteArray &token)
{
    // The server's own shape (BearerToken::generate): a weaker chosen token
    // would only endanger the chooser's booking, but a fixed shape keeps
    // "bka_" tokens one kind of thing in logs and docs.
    static const QRegularExpression shape(QStringLiteral("^bka_[A-Za-z0-9_-]{43}$"));
    if (shape.match(QString::fromLatin1(token)).hasMatch())
        return std::nullopt;
    return fieldError(ErrorCode::InvalidField, QStringLiteral("access_token"),
                      QStringLiteral("access_token must be bka_ and 43 base64url characters."));
}

std::optional<DomainError> BookingService::checkReference(const QString &reference)
{
    // Looser than ReferenceGenerator::looksValid on purpose: lookups of
    // references from other systems (or older formats) get "not found", not "invalid".
    static const QRegularExpression shape(QStringLiteral("^[A-Za-z0-9-]{1,64}$"));
    if (shape.match(reference).hasMatch())
        return std::nullopt;
    return fieldError(ErrorCode::InvalidField, QStringLiteral("reference"),
                      QStringLiteral("That is not a booking reference."));
}

std::optional<DomainError> BookingService::check(const ListQuery &query)
{
    if (auto error = rangeError(QStringLiteral("limit"), query.limit, 1, Limits::kMaxPageSize))
        return error;
    return rangeError(QStringLiteral("offset"), query.offset, 0, std::numeric_limits<int>::max());
}

bool BookingService::mayReplay(const BookingAccess &by, qint64 createdByTokenId,
                               bool hasAccessToken)
{
    switch (by.scope) {
    case BookingAccess::Scope::Any:
        return true;
    case BookingAccess::Scope::OwnToken:
        return by.tokenId > 0 && createdByTokenId == by.tokenId;
    case BookingAccess::Scope::Holder:
    case BookingAccess::Scope::None:
        break;
    }
    return by.issuesAccessToken && hasAccessToken;
}

QByteArray BookingService::replayedAccessToken(const BookCommand &command,
                                               const QByteArray &bookingTokenHash)
{
    // Only what the caller already holds: the key and the body alone prove
    // nothing, as whoever learnt the key can send them too.
    if (!command.by.issuesAccessToken || !command.accessToken || bookingTokenHash.isEmpty())
        return {};
    if (!BearerToken::equalConstantTime(BearerToken::digest(*command.accessToken),
                                        bookingTokenHash))
        return {};
    return *command.accessToken;
}

namespace {
DomainError keyReused()
{
    return {ErrorCode::IdempotencyKeyReused,
            QStringLiteral("This Idempotency-Key was already used for a different request."),
            {}};
}
} // namespace

QString BookingService::fingerprint(qint64 showId, const QString &userName, int seats,
                                    const QByteArray &chosenTokenDigest,
                                    const QByteArray &seatChoice)
{
    QByteArray canonical =
        QByteArray::number(showId) + '\n' + userName.toUtf8() + '\n' + QByteArray::number(seats);
    // Appended only when there is one, so the keys stored before stay valid.
    if (!chosenTokenDigest.isEmpty())
        canonical += '\n' + chosenTokenDigest.toHex();
    if (!seatChoice.isEmpty())
        canonical += "\nseats:" + seatChoice;
    return QString::fromLatin1(
        QCryptographicHash::hash(canonical, QCryptographicHash::Sha256).toHex());
}

BookingRepository::BookRequest BookingService::requestFor(const BookCommand &command,
                                                         const Settings &settings,
                                                         QByteArray &accessToken)
{
    BookingRepository::BookRequest request;
    request.showId = command.showId;
    request.userName = command.userName;
    request.seats = command.seats;
    request.holdSeconds = settings.holdSeconds;
    request.createdByTokenId = command.by.tokenId;
    request.ticketsJson = ticketsJson(command.tickets);
    accessToken.clear();
    QByteArray chosenTokenDigest;
    if (command.by.issuesAccessToken) {
        accessToken = command.accessToken
                          ? *command.accessToken
                          : BearerToken::generate(BearerToken::kBookingAccessPrefix);
        request.accessTokenHash = BearerToken::digest(accessToken);
        if (command.accessToken)
            chosenTokenDigest = request.accessTokenHash;
    }
    if (!command.idempotencyKey.isEmpty()) {
        request.idempotencyKey = QString::fromLatin1(command.idempotencyKey);
        QByteArray seatChoice =
            !command.seatLabels.isEmpty() ? command.seatLabels.join(QLatin1Char(',')).toUtf8()
            : command.accessible          ? QByteArray("accessible")
                                          : QByteArray();
        // Appended only when named, so keys of requests by count stay valid.
        if (!command.tickets.isEmpty())
            seatChoice += "\ntickets:" + ticketsJson(command.tickets).toUtf8();
        request.requestHash = fingerprint(command.showId, command.userName, command.seats,
                                          chosenTokenDigest, seatChoice);
    }
    return request;
}

Result<BookingService::Booked> BookingService::book(const BookCommand &command)
{
    if (auto error = check(command, m_settings))
        return *error;
    // Seats and categories are chosen and held on the group path only, also
    // for one request.
    if (!command.seatLabels.isEmpty() || !command.tickets.isEmpty())
        return GroupBookingService(m_session).book({{command, m_settings}}).first();
    const auto seated = SeatAssigner(m_session).anySeated({command.showId});
    if (!seated)
        return seated.error();
    if (*seated)
        return GroupBookingService(m_session).book({{command, m_settings}}).first();
    QByteArray accessToken;
    BookingRepository::BookRequest request = requestFor(command, m_settings, accessToken);
    BookingRepository repository(m_session);
    if (const auto paused = checkSalesOpen(command.showId, m_settings)) {
        // Only keyed commands get here (check() refused the others): a client
        // whose answer was lost before the pause gets its hold back, not a refusal.
        const auto replay = repository.findReplay(request.idempotencyKey, request.requestHash);
        if (!replay)
            return replay.error();
        if (*replay) {
            if (!mayReplay(command.by, (*replay)->createdByTokenId, (*replay)->hasAccessToken))
                return keyReused();
            return Booked{(*replay)->booking, true,
                          replayedAccessToken(command, (*replay)->accessTokenHash)};
        }
        qCDebug(lcBooking) << "refused" << command.seats << "seats for show" << command.showId
                           << "(sales paused)";
        return *paused;
    }
    for (int attempt = 0; attempt < kReferenceAttempts; ++attempt) {
        request.reference = ReferenceGenerator::next();
        const auto result = repository.book(request);
        if (!result) {
            if (result.error().code == ErrorCode::NotEnoughSeats)
                ServerMetrics::instance().countBooking(BookingOutcome::RefusedSeats);
            qCDebug(lcBooking).noquote()
                << "refused" << command.seats << "seats for show" << command.showId << "-"
                << errorCodeName(result.error().code);
            return result.error();
        }
        if (!*result) // the reference was taken: draw another
            continue;
        const BookingRepository::BookResult &made = **result;
        if (!made.replayed) {
            ServerMetrics::instance().countBooking(BookingOutcome::Held);
            qCDebug(lcBooking) << "held" << command.seats << "seats for show" << command.showId
                               << "as booking" << made.booking.id;
            return Booked{*withDetails(m_session, made.booking), false, accessToken};
        }
        // A key is no way into a booking someone else made.
        if (!mayReplay(command.by, made.createdByTokenId, made.hasAccessToken))
            return keyReused();
        return Booked{*withDetails(m_session, made.booking), true,
                      replayedAccessToken(command, made.accessTokenHash)};
    }
    return Result<Booked>::failure(ErrorCode::Internal, QStringLiteral("Internal error."));
}

void BookingService::attachDetails(DatabaseSession &session, QList<Booking> &bookings)
{
    QList<qint64> ids;
    for (const Booking &booking : bookings)
        ids << booking.id;
    // Additions to the answer: without them a booking still answers.
    if (const auto labels = SeatStateRepository(session).seatLabelsOf(ids))
        for (Booking &booking : bookings)
            booking.seatLabels = labels->value(booking.id);
    if (const auto money = SalesRepository(session).moneyOf(ids))
        for (Booking &booking : bookings) {
            const SalesRepository::Money found = money->value(booking.id);
            booking.lines = found.lines;
            booking.payments = found.payments;
        }
}

Result<Booking> BookingService::withDetails(DatabaseSession &session, Result<Booking> found)
{
    if (!found)
        return found;
    QList<Booking> one{*found};
    attachDetails(session, one);
    return one.first();
}

Result<Booking> BookingService::get(qint64 id, const BookingAccess &access)
{
    return withDetails(m_session, BookingRepository(m_session).find(id, access));
}

Result<Booking> BookingService::getByReference(const QString &reference,
                                               const BookingAccess &access)
{
    if (auto error = checkReference(reference))
        return *error;
    return withDetails(m_session, BookingRepository(m_session).findByReference(reference, access));
}

// Counts what the call changed, not what it answered: a retried confirm or
// cancel answers as the first one did but changes nothing, and a hold found
// past its deadline is refused but expired. So held = confirmed + cancelled +
// expired + still pending, except that a confirmed booking cancelled later
// counts in both confirmed and cancelled.
void BookingService::countChange(std::optional<Booking::Status> changedTo)
{
    if (!changedTo)
        return;
    switch (*changedTo) {
    case Booking::Status::Confirmed:
        ServerMetrics::instance().countBooking(BookingOutcome::Confirmed);
        break;
    case Booking::Status::Cancelled:
        ServerMetrics::instance().countBooking(BookingOutcome::Cancelled);
        break;
    case Booking::Status::Expired:
        ServerMetrics::instance().countBooking(BookingOutcome::Expired);
        break;
    case Booking::Status::Pending:
        break;
    }
}

Result<Booking> BookingService::confirm(qint64 id, const BookingAccess &access,
                                        const AuditContext &who)
{
    BookingRepository::Settlement confirmed = BookingRepository(m_session).confirm(id, access, who);
    countChange(confirmed.changedTo);
    return withDetails(m_session, std::move(confirmed.booking));
}

Result<Booking> BookingService::cancel(qint64 id, const BookingAccess &access,
                                       const AuditContext &who)
{
    BookingRepository::Settlement cancelled = BookingRepository(m_session).cancel(id, access, who);
    countChange(cancelled.changedTo);
    return withDetails(m_session, std::move(cancelled.booking));
}

Result<BookingService::Page> BookingService::listForShow(const ListQuery &query)
{
    if (auto error = check(query))
        return *error;
    const auto page = BookingRepository(m_session).listForShow(query.showId, query.statuses,
                                                               query.limit, query.offset);
    if (!page)
        return page.error();
    QList<Booking> bookings = page->bookings;
    attachDetails(m_session, bookings);
    return Page{bookings, page->total};
}
