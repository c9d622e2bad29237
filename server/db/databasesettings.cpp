#include "databasesettings.h"

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
    // libpq allows the socket directory as ?host=/path; keep that working.
    const QUrlQuery query(url);
    if (query.hasQueryItem(QStringLiteral("host")))
        settings.host = query.queryItemValue(QStringLiteral("host"), QUrl::FullyDecoded);
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
    return url;
}

QString DatabaseSettings::redacted() const
{
    QUrl url = toUrl();
    if (!password.isEmpty())
        url.setPassword(QStringLiteral("***"));
    return url.toString();
}
