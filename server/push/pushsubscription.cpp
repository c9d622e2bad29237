#include "pushsubscription.h"

#include <QJsonArray>

namespace {
// "1,2,3" (query form) or [1,2,3] (message form) as ids; nullopt if any is not
// a positive id or there are too many.
std::optional<QSet<qint64>> idsFrom(const QJsonValue &value, int max)
{
    QSet<qint64> ids;
    QJsonArray items;
    if (value.isString()) {
        for (const QString &part : value.toString().split(QLatin1Char(','))) {
            bool ok = false;
            const qint64 id = part.trimmed().toLongLong(&ok);
            if (!ok)
                return std::nullopt;
            items.append(id);
        }
    } else if (value.isArray()) {
        items = value.toArray();
    } else {
        return std::nullopt;
    }
    if (items.isEmpty() || items.size() > max)
        return std::nullopt;
    for (const QJsonValue &item : items) {
        if (!item.isDouble() || item.toDouble() < 1 || item.toDouble() > 9.007199254740991e15 ||
            item.toDouble() != double(item.toInteger()))
            return std::nullopt;
        ids.insert(item.toInteger());
    }
    return ids;
}

QJsonArray sorted(const QSet<qint64> &ids)
{
    QList<qint64> list(ids.begin(), ids.end());
    std::sort(list.begin(), list.end());
    QJsonArray array;
    for (qint64 id : list)
        array.append(id);
    return array;
}
} // namespace

QString PushSubscription::setShows(const QJsonValue &value, const QString &name)
{
    if (value.toString() == QLatin1String("all")) {
        m_allShows = true;
        m_shows.clear();
        return {};
    }
    const auto ids = idsFrom(value, kMaxListed);
    if (!ids)
        return QStringLiteral("%1 must be \"all\" or a list of 1 to %2 show ids.")
            .arg(name)
            .arg(kMaxListed);
    m_allShows = false;
    m_shows = *ids;
    return {};
}

QString PushSubscription::setBookings(const QJsonValue &value)
{
    const QString word = value.toString();
    if (word == QLatin1String("none") || word == QLatin1String("mine") ||
        word == QLatin1String("all")) {
        m_bookings = word == QLatin1String("none")   ? Bookings::None
                     : word == QLatin1String("mine") ? Bookings::Mine
                                                     : Bookings::All;
        m_listed.clear();
        return {};
    }
    const auto ids = idsFrom(value, kMaxListed);
    if (!ids)
        return QStringLiteral(
                   "bookings must be \"none\", \"mine\", \"all\" or a list of 1 to %1 booking ids.")
            .arg(kMaxListed);
    m_bookings = Bookings::Listed;
    m_listed = *ids;
    return {};
}

QString PushSubscription::read(const QString &showsName, std::optional<QJsonValue> shows,
                               std::optional<QJsonValue> bookings, QString *field)
{
    PushSubscription next = *this;
    QString error;
    if (shows && !(error = next.setShows(*shows, showsName)).isEmpty()) {
        if (field)
            *field = showsName;
        return error;
    }
    if (bookings && !(error = next.setBookings(*bookings)).isEmpty()) {
        if (field)
            *field = QStringLiteral("bookings");
        return error;
    }
    *this = next;
    return {};
}

QString PushSubscription::readQuery(const QUrlQuery &query, QString *field)
{
    const auto item = [&query](const QString &name) -> std::optional<QJsonValue> {
        if (!query.hasQueryItem(name))
            return std::nullopt;
        return QJsonValue(query.queryItemValue(name));
    };
    return read(QStringLiteral("show"), item(QStringLiteral("show")),
                item(QStringLiteral("bookings")), field);
}

QString PushSubscription::readMessage(const QJsonObject &message, QString *field)
{
    const auto member = [&message](const QString &name) -> std::optional<QJsonValue> {
        if (!message.contains(name))
            return std::nullopt;
        return message.value(name);
    };
    return read(QStringLiteral("shows"), member(QStringLiteral("shows")),
                member(QStringLiteral("bookings")), field);
}

bool PushSubscription::maySee(const BookingChange &change) const
{
    switch (m_access.scope) {
    case BookingAccess::Scope::Any:
        return true;
    case BookingAccess::Scope::OwnToken:
        return m_access.tokenId != 0 && change.tokenId == m_access.tokenId;
    case BookingAccess::Scope::Holder:
        // The feed carries 8 bytes of the hash: 2^-64 that two tokens share them.
        return !change.holderPrefix.isEmpty() &&
               m_access.accessHash.startsWith(change.holderPrefix);
    case BookingAccess::Scope::None:
        return false;
    }
    return false;
}

QList<BookingChange> PushSubscription::visible(const QList<BookingChange> &changes) const
{
    QList<BookingChange> shown;
    if (m_bookings == Bookings::None)
        return shown;
    for (const BookingChange &change : changes) {
        const bool asked =
            m_bookings == Bookings::All ||
            (m_bookings == Bookings::Listed && m_listed.contains(change.id)) ||
            (m_bookings == Bookings::Mine &&
             ((m_access.tokenId != 0 && change.tokenId == m_access.tokenId) ||
              m_access.scope == BookingAccess::Scope::Holder));
        if (asked && maySee(change))
            shown.append(change);
    }
    return shown;
}

QJsonObject PushSubscription::describe() const
{
    QJsonValue bookings;
    switch (m_bookings) {
    case Bookings::None:
        bookings = QStringLiteral("none");
        break;
    case Bookings::Mine:
        bookings = QStringLiteral("mine");
        break;
    case Bookings::All:
        bookings = QStringLiteral("all");
        break;
    case Bookings::Listed:
        bookings = sorted(m_listed);
        break;
    }
    return {{QStringLiteral("shows"), m_allShows ? QJsonValue(QStringLiteral("all"))
                                                 : QJsonValue(sorted(m_shows))},
            {QStringLiteral("bookings"), bookings}};
}
