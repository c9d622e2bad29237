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
        if (key == QLatin1String("host")) {
            settings.host = item;
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
    QUrl url = toUrl();
    if (!password.isEmpty())
        url.setPassword(QStringLiteral("***"));
    return url.toString();
}
