#include "logredaction.h"

#include <QMutex>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStringList>
#include <QUrl>

#include <algorithm>
#include <atomic>

namespace {
constexpr auto kMask = "***";

QMutex g_mutex;
QStringList g_secrets; // longest first, so a secret containing another is masked whole
QtMessageHandler g_previous = nullptr;
std::atomic<bool> g_installed = false;

// Matches libpq's secret parameters and environment-style names in key=value form,
// quoted or bare: password=..., sslpassword=..., PGPASSWORD=..., BOXOFFICE_ADMIN_TOKEN=...
const QRegularExpression &keyValuePattern()
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(\b((?:pg|ssl)?password|passwd|secret|[a-z_]*token)(\s*=\s*))"
                       R"(('(?:[^'\\]|\\.)*'|[^\s&;,'"()]+))"),
        QRegularExpression::CaseInsensitiveOption);
    return pattern;
}

// The password in a URL's userinfo: scheme://user:password@host
const QRegularExpression &userInfoPattern()
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(([a-z][a-z0-9+.-]*://[^/\s:@"'?#]*):([^@\s/"']*)@)"),
        QRegularExpression::CaseInsensitiveOption);
    return pattern;
}

// An Authorization or Proxy-Authorization header value as a request line
// ("Authorization: Bearer x") or as Qt's QDebug prints a header pair
// (("authorization": "Bearer x") or ("Authorization", "Bearer x")).
const QRegularExpression &authorizationPattern()
{
    static const QRegularExpression pattern(
        QStringLiteral(R"((authorization"?\s*[:,=]\s*"?)[^\r\n"]+)"),
        QRegularExpression::CaseInsensitiveOption);
    return pattern;
}

const QRegularExpression &bearerPattern()
{
    static const QRegularExpression pattern(QStringLiteral(R"(\b(bearer\s+)[^\s"',;)]+)"),
                                            QRegularExpression::CaseInsensitiveOption);
    return pattern;
}

void addSecretLocked(const QString &secret)
{
    if (secret.size() < LogRedaction::kMinSecretLength || g_secrets.contains(secret))
        return;
    g_secrets.append(secret);
    std::sort(g_secrets.begin(), g_secrets.end(),
              [](const QString &a, const QString &b) { return a.size() > b.size(); });
}

void redactingHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_previous(type, context, LogRedaction::scrub(message));
}
} // namespace

void LogRedaction::install()
{
    if (g_installed.exchange(true))
        return;
    // Qt returns its default handler when none was installed, never null.
    g_previous = qInstallMessageHandler(redactingHandler);
}

void LogRedaction::addSecret(const QString &secret)
{
    const QString trimmed = secret.trimmed();
    if (trimmed.isEmpty())
        return;
    QMutexLocker lock(&g_mutex);
    addSecretLocked(trimmed);
    // A URL or a header carries it percent-encoded.
    addSecretLocked(QString::fromLatin1(QUrl::toPercentEncoding(trimmed)));
}

void LogRedaction::addSecretsFromEnvironment()
{
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &name : env.keys()) {
        const QString upper = name.toUpper();
        if (upper == QLatin1String("PGPASSWORD") ||
            (upper.startsWith(QLatin1String("BOXOFFICE_")) &&
             (upper.contains(QLatin1String("TOKEN")) || upper.contains(QLatin1String("PASSWORD")) ||
              upper.contains(QLatin1String("SECRET")))))
            addSecret(env.value(name));
    }
    const QUrl url(env.value(QStringLiteral("DATABASE_URL")));
    addSecret(url.password());
}

QString LogRedaction::scrub(const QString &text)
{
    QString out = text;
    const QString mask = QString::fromLatin1(kMask);
    QMutexLocker lock(&g_mutex);
    for (const QString &secret : std::as_const(g_secrets))
        out.replace(secret, mask);
    out.replace(keyValuePattern(), QStringLiteral("\\1\\2***"));
    out.replace(userInfoPattern(), QStringLiteral("\\1:***@"));
    out.replace(authorizationPattern(), QStringLiteral("\\1***"));
    out.replace(bearerPattern(), QStringLiteral("\\1***"));
    return out;
}
