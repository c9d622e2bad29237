#include "databasesettings.h"

#include <QRegularExpression>
#include <QUrlQuery>

DatabaseSettings DatabaseSettings::fromUrl(const QUrl &url, QString *error)
{
    DatabaseSettings settings;
    if (url.scheme() != QLatin1String("postgres") && url.scheme() != QLatin1String("postgresql")) {
        if (error)
            *error = QStringLiteral("database URL must start with postgres:// or postgresql://");
        return {};
    }
    if (!url.host().isEmpty())
        settings.host = url.host();
    settings.port = url.port(5432);
    settings.user = url.userName();
    settings.password = url.password();
    settings.database = url.path().mid(1);
    // libpq allows the socket directory as ?host=/path; keep that working. Any
    // other item is a libpq parameter such as sslmode; only plain names and
    // values pass, since the driver joins them into one connection string.
    static const QRegularExpression name(QStringLiteral("^[a-z_]{1,64}$"));
    static const QRegularExpression value(QStringLiteral("^[A-Za-z0-9_./:@+-]{0,512}$"));
    const QUrlQuery query(url);
    for (const auto &[key, item] : query.queryItems(QUrl::FullyDecoded)) {
        // host, port and password are the driver's own settings, so the logs can
        // show the effective host and port, and the password is kept like one
        // from the userinfo. libpq lets the query win over the URL's parts; so do we.
        if (key == QLatin1String("host")) {
            settings.host = item;
        } else if (key == QLatin1String("port")) {
            bool ok = false;
            const int port = item.toInt(&ok);
            if (ok && port >= 1 && port <= 65535)
                settings.port = port;
            else if (error)
                *error = QStringLiteral("database URL port must be 1..65535");
        } else if (key == QLatin1String("password")) {
            settings.password = item;
        } else if (name.match(key).hasMatch() && value.match(item).hasMatch()) {
            settings.options.append({key, item});
        } else if (error) {
            *error = QStringLiteral("database URL parameter '%1' is not a plain libpq name=value")
                         .arg(key);
        }
    }
    if (settings.database.isEmpty() && error)
        *error = QStringLiteral("database URL names no database");
    return settings;
}

QUrl DatabaseSettings::toUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("postgres"));
    url.setHost(host);
    url.setPort(port);
    url.setUserName(user);
    url.setPassword(password);
    url.setPath(QLatin1Char('/') + database);
    if (!options.isEmpty()) {
        QUrlQuery query;
        for (const auto &[key, item] : options)
            query.addQueryItem(key, item);
        url.setQuery(query);
    }
    return url;
}

QString DatabaseSettings::redacted() const
{
    // Built by hand: QUrl cannot hold a socket directory as its host. libpq's
    // URI form for one is the percent-encoded path (postgres://%2Frun%2Fpostgresql/db).
    QString out = QStringLiteral("postgres://");
    if (!user.isEmpty())
        out += QString::fromUtf8(QUrl::toPercentEncoding(user));
    if (!password.isEmpty())
        out += QStringLiteral(":***");
    if (!user.isEmpty() || !password.isEmpty())
        out += QLatin1Char('@');
    if (host.contains(QLatin1Char(':')) && !host.startsWith(QLatin1Char('/')))
        out += QLatin1Char('[') + host + QLatin1Char(']'); // IPv6
    else
        out += QString::fromUtf8(QUrl::toPercentEncoding(host));
    out += QLatin1Char(':') + QString::number(port) + QLatin1Char('/') +
           QString::fromUtf8(QUrl::toPercentEncoding(database));
    QStringList query;
    for (const auto &[key, item] : options)
        query << key + QLatin1Char('=') + (isSecretParameter(key) ? QStringLiteral("***") : item);
    if (!query.isEmpty())
        out += QLatin1Char('?') + query.join(QLatin1Char('&'));
    return out;
}

QStringList DatabaseSettings::secrets() const
{
    QStringList values;
    if (!password.isEmpty())
        values << password;
    for (const auto &[key, item] : options) {
        if (isSecretParameter(key) && !item.isEmpty())
            values << item;
    }
    return values;
}

bool DatabaseSettings::isSecretParameter(const QString &name)
{
    return name.contains(QLatin1String("password"), Qt::CaseInsensitive);
}
