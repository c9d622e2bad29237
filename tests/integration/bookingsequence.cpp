#include "bookingsequence.h"

#include "apilimits.h"
#include "auth/bearertoken.h"

#include <QHash>

namespace BookingSequence {

namespace {
constexpr int kKeyPool = 30; // small: most keys are used again, with the same or another body
constexpr int kUserPool = 20;

// The rest of a keyed command's first use, so that later uses of the key can
// repeat it exactly (a retry) or change it (a reuse).
struct KeyedBody
{
    qint64 showId = 0;
    QString userName;
    int seats = 0;
    BookingAccess by;
    std::optional<QByteArray> accessToken;
};

class Generator
{
public:
    Generator(QRandomGenerator &random, const World &world) : m_random(random), m_world(world) {}

    GroupBookingService::Entry next()
    {
        GroupBookingService::Entry entry;
        BookingService::BookCommand &command = entry.command;
        command.showId = show();
        command.userName = userName();
        command.by = access();
        command.accessToken = accessToken(command.by);
        entry.settings = settings(command.showId);
        command.seats = seats(entry.settings.maxSeatsPerBooking);
        if (chance(30))
            keyed(command);
        return entry;
    }

private:
    int pick(int n) { return int(m_random.bounded(n)); }
    bool chance(int percent) { return pick(100) < percent; }

    qint64 show()
    {
        const int roll = pick(100);
        if (roll < 5)
            return m_world.cancelledShow;
        if (roll < 8)
            return m_world.missingShow;
        return m_world.openShows.at(pick(int(m_world.openShows.size())));
    }

    QString userName()
    {
        const int roll = pick(100);
        if (roll < 2)
            return {}; // out_of_range
        if (roll < 4)
            return QString(Limits::kMaxUserNameLength + 1, QLatin1Char('x'));
        if (roll < 7)
            return QStringLiteral("Zoë ✓ %1").arg(pick(kUserPool)); // UTF-8 round trip
        return QStringLiteral("guest-%1").arg(pick(kUserPool));
    }

    // The scopes BookingAccessPolicy hands out, and two it never pairs with booking.
    BookingAccess access()
    {
        const int roll = pick(100);
        if (roll < 25)
            return BookingAccess::any(); // anonymous with --public-booking open
        if (roll < 35)
            return BookingAccess::any(m_world.clerk);
        if (roll < 50)
            return BookingAccess::ownToken(m_world.shopA);
        if (roll < 60)
            return BookingAccess::ownToken(m_world.shopB);
        if (roll < 62)
            return BookingAccess::ownToken(0); // a shop without a token row
        if (roll < 65)
            return BookingAccess::holder(BearerToken::digest(chosenTokens().first()));
        if (roll < 67)
            return BookingAccess::none();
        BookingAccess anonymous = BookingAccess::none(); // --public-booking token
        anonymous.issuesAccessToken = true;
        return anonymous;
    }

    std::optional<QByteArray> accessToken(const BookingAccess &by)
    {
        const QList<QByteArray> pool = chosenTokens();
        if (!by.issuesAccessToken) // ignored for these callers, but sent now and then
            return chance(5) ? std::optional(pool.at(pick(int(pool.size())))) : std::nullopt;
        const int roll = pick(100);
        if (roll < 3)
            return QByteArray("bka_too-short"); // invalid_field
        if (roll < 50)
            return pool.at(pick(int(pool.size())));
        return std::nullopt; // the service draws one
    }

    BookingService::Settings settings(qint64 showId)
    {
        static const int holds[] = {60, 120, 300};
        static const int limits[] = {4, 6, 8};
        BookingService::Settings settings;
        settings.holdSeconds = holds[pick(3)];
        settings.maxSeatsPerBooking = limits[pick(3)];
        settings.salesPaused = chance(3);
        const int roll = pick(100);
        if (roll < 8)
            settings.pausedShowIds.insert(showId);
        else if (roll < 15) // another show's pause does not touch this one
            settings.pausedShowIds.insert(m_world.openShows.first() == showId
                                              ? m_world.openShows.last()
                                              : m_world.openShows.first());
        return settings;
    }

    int seats(int max)
    {
        const int roll = pick(100);
        if (roll < 3)
            return 0;
        if (roll < 4)
            return -1 - pick(3);
        if (roll < 9)
            return max + 1 + pick(3);
        return 1 + pick(max);
    }

    void keyed(BookingService::BookCommand &command)
    {
        const int roll = pick(100);
        if (roll < 2) {
            command.idempotencyKey = "has space"; // invalid_field
            return;
        }
        if (roll < 4) {
            command.idempotencyKey = QByteArray(Limits::kMaxIdempotencyKeyLength + 1, 'k');
            return;
        }
        const int key = pick(kKeyPool);
        command.idempotencyKey = "key-" + QByteArray::number(key);
        auto known = m_bodies.constFind(key);
        if (known == m_bodies.constEnd()) {
            m_bodies.insert(key, {command.showId, command.userName, command.seats, command.by,
                                  command.accessToken});
            return;
        }
        if (chance(30))
            return; // the same key with another body
        // A retry: the same body, now and then from another caller.
        command.showId = known->showId;
        command.userName = known->userName;
        command.seats = known->seats;
        if (chance(80)) {
            command.by = known->by;
            command.accessToken = known->accessToken;
        }
    }

    QRandomGenerator &m_random;
    const World &m_world;
    QHash<int, KeyedBody> m_bodies;
};

QString accessName(const BookingAccess &by)
{
    switch (by.scope) {
    case BookingAccess::Scope::Any:
        return QStringLiteral("any(%1)").arg(by.tokenId);
    case BookingAccess::Scope::OwnToken:
        return QStringLiteral("token(%1)").arg(by.tokenId);
    case BookingAccess::Scope::Holder:
        return QStringLiteral("holder");
    case BookingAccess::Scope::None:
        break;
    }
    return by.issuesAccessToken ? QStringLiteral("issuing") : QStringLiteral("none");
}
} // namespace

QList<QByteArray> chosenTokens()
{
    // Fixed, in the shape BearerToken::generate draws: 43 base64url characters.
    QList<QByteArray> tokens;
    for (char c : QByteArray("ABCDEFGH"))
        tokens << "bka_" + QByteArray(42, c) + QByteArray::number(tokens.size());
    return tokens;
}

QList<GroupBookingService::Entry> generate(QRandomGenerator &random, const World &world, int count)
{
    Generator generator(random, world);
    QList<GroupBookingService::Entry> entries;
    entries.reserve(count);
    for (int i = 0; i < count; ++i)
        entries << generator.next();
    return entries;
}

QString describe(const GroupBookingService::Entry &entry)
{
    const BookingService::BookCommand &command = entry.command;
    const BookingService::Settings &settings = entry.settings;
    QStringList paused;
    for (qint64 id : settings.pausedShowIds)
        paused << QString::number(id);
    return QStringLiteral("show %1, user '%2', %3 seats, key '%4', by %5, token %6; "
                          "hold %7 s, max %8, paused %9 [%10]")
        .arg(command.showId)
        .arg(command.userName.left(30))
        .arg(command.seats)
        .arg(QString::fromLatin1(command.idempotencyKey.left(30)))
        .arg(accessName(command.by))
        .arg(command.accessToken ? QString::fromLatin1(command.accessToken->left(12))
                                 : QStringLiteral("none"))
        .arg(settings.holdSeconds)
        .arg(settings.maxSeatsPerBooking)
        .arg(settings.salesPaused ? QStringLiteral("all") : QStringLiteral("-"))
        .arg(paused.join(QLatin1Char(',')));
}

} // namespace BookingSequence
