#include "flagapi.h"

#include <QCryptographicHash>
#include <QDebug>
#include <QUrl>
#include <QtEndian>

FlagApi::Headers FlagApi::adminHeaders(bool admin) const
{
    Headers headers;
    if (admin)
        headers.append(qMakePair(QByteArray("Authorization"), m_http.adminHeader()));
    return headers;
}

FlagApi::Reply FlagApi::list(bool admin)
{
    return m_http.send("GET", QStringLiteral("/admin/flags"), {}, adminHeaders(admin));
}

FlagApi::Reply FlagApi::get(const QString &key, bool admin)
{
    return m_http.send("GET", QStringLiteral("/admin/flags/") + key, {}, adminHeaders(admin));
}

FlagApi::Reply FlagApi::put(const QString &key, const QByteArray &body, const QByteArray &ifMatch,
                            bool admin)
{
    Headers headers = adminHeaders(admin);
    headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    if (!ifMatch.isEmpty())
        headers.append(qMakePair(QByteArray("If-Match"), ifMatch));
    return m_http.send("PUT", QStringLiteral("/admin/flags/") + key, body, headers);
}

FlagApi::Reply FlagApi::remove(const QString &key, const QByteArray &ifMatch, bool admin)
{
    Headers headers = adminHeaders(admin);
    if (!ifMatch.isEmpty())
        headers.append(qMakePair(QByteArray("If-Match"), ifMatch));
    return m_http.send("DELETE", QStringLiteral("/admin/flags/") + key, {}, headers);
}

FlagApi::Reply FlagApi::history(const QString &key, const QString &query, bool admin)
{
    QString path = QStringLiteral("/admin/flags/%1/history").arg(key);
    if (!query.isEmpty())
        path += QLatin1Char('?') + query;
    return m_http.send("GET", path, {}, adminHeaders(admin));
}

FlagApi::Reply FlagApi::preview(const QString &key, const QByteArray &body, bool admin)
{
    Headers headers = adminHeaders(admin);
    headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    return m_http.send("POST", QStringLiteral("/admin/flags/%1/preview").arg(key), body, headers);
}

FlagApi::Reply FlagApi::preview(const QString &key, const QStringList &subjects,
                                const QByteArray &draftValue)
{
    QByteArray body =
        "{\"subjects\":" +
        QJsonDocument(QJsonArray::fromStringList(subjects)).toJson(QJsonDocument::Compact);
    if (!draftValue.isEmpty())
        body += ",\"value\":" + draftValue;
    return preview(key, body + '}');
}

FlagApi::Reply FlagApi::evaluate(const QString &subject)
{
    return m_http.send("GET",
                       QStringLiteral("/flags/evaluate?subject=") +
                           QString::fromLatin1(QUrl::toPercentEncoding(subject)),
                       {}, {});
}

FlagApi::Reply FlagApi::config()
{
    return m_http.send("GET", QStringLiteral("/config"), {}, {});
}

bool FlagApi::set(const QString &key, const QByteArray &value)
{
    const Reply reply = put(key, value);
    if (reply.status == 200 || reply.status == 201)
        return true;
    qWarning().noquote() << "PUT" << key << value << "failed:" << reply.describe();
    return false;
}

bool FlagApi::unset(const QString &key)
{
    const Reply reply = remove(key);
    if (reply.status == 200 || reply.status == 404)
        return true;
    qWarning().noquote() << "DELETE" << key << "failed:" << reply.describe();
    return false;
}

QString FlagApi::state(const QStringList &historyKeys)
{
    // Whole bodies, not describe(): that one cuts at 500 bytes.
    const auto whole = [](const Reply &reply) {
        return QStringLiteral("%1 %2 total=%3")
            .arg(reply.status)
            .arg(QString::fromUtf8(reply.body), QString::fromLatin1(reply.header("X-Total-Count")));
    };
    QString text = QStringLiteral("list: ") + whole(list());
    for (const QString &key : historyKeys)
        text += QStringLiteral("\nhistory %1: %2")
                    .arg(key, whole(history(key, QStringLiteral("limit=500"))));
    return text;
}

int FlagApi::bucket(const QString &key, const QString &subject)
{
    const QByteArray digest = QCryptographicHash::hash((key + QLatin1Char('/') + subject).toUtf8(),
                                                       QCryptographicHash::Sha256);
    const quint64 first = qFromBigEndian<quint64>(digest.constData());
    return int(first % 1000);
}

QJsonValue FlagApi::parse(const QByteArray &json)
{
    return QJsonDocument::fromJson("[" + json + "]").array().at(0);
}

QString FlagApi::compact(const QJsonValue &value)
{
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

QStringList FlagApi::subjects(const QString &prefix, int n)
{
    QStringList result;
    result.reserve(n);
    for (int i = 0; i < n; ++i)
        result << QStringLiteral("%1-%2").arg(prefix).arg(i);
    return result;
}
