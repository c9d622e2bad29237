#include "securityguards.h"

#include "auth/bearertoken.h"

#include <QHostAddress>

namespace {
bool changesState(QHttpServerRequest::Method method)
{
    using Method = QHttpServerRequest::Method;
    return method == Method::Post || method == Method::Put || method == Method::Patch ||
           method == Method::Delete;
}

bool isJson(const QByteArray &contentType)
{
    return contentType.split(';').first().trimmed().toLower() == "application/json";
}
} // namespace

std::optional<SecurityGuards::Settings>
SecurityGuards::settingsFrom(PublicBooking mode, const QStringList &allowedHosts,
                             const QStringList &trustedProxies, const QString &rateLimits,
                             QString *error)
{
    Settings settings;
    settings.publicBooking = mode;
    if (!HostGuard::parse(allowedHosts, &settings.hosts, error) ||
        !ClientAddress::parse(trustedProxies, &settings.clients, error) ||
        !RateLimitPolicy::parse(rateLimits, mode, &settings.limits, error))
        return std::nullopt;
    return settings;
}

SecurityGuards::SecurityGuards(Settings settings, RateLimiter::Clock clock)
    : m_settings(std::move(settings)), m_limiter(RateLimiter::kDefaultMaxKeys, std::move(clock))
{
}

QString SecurityGuards::addressKey(const QString &clientAddress)
{
    const QHostAddress address(clientAddress);
    if (address.protocol() != QAbstractSocket::IPv6Protocol)
        return clientAddress;
    const Q_IPV6ADDR bytes = address.toIPv6Address();
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(bytes.c), 8).toHex()) +
           QStringLiteral("::/64");
}

bool SecurityGuards::isBootstrapToken(const QByteArray &authorization) const
{
    const QByteArray token = BearerToken::fromAuthorization(authorization);
    if (m_settings.bootstrapTokenDigest.isEmpty() || token.isEmpty())
        return false;
    return BearerToken::equalConstantTime(BearerToken::digest(token),
                                          m_settings.bootstrapTokenDigest);
}

QString SecurityGuards::bucketKey(RateLimitClass rateClass, RateLimitScope scope,
                                  const QString &who)
{
    return RateLimitPolicy::className(rateClass) + QLatin1Char('|') +
           RateLimitPolicy::scopeName(scope) + QLatin1Char('|') + who;
}

DomainError SecurityGuards::tooMany(RateLimitClass rateClass, RateLimitScope scope, int seconds)
{
    const QString limit = RateLimitPolicy::className(rateClass) + QLatin1Char('.') +
                          RateLimitPolicy::scopeName(scope);
    const QString message =
        rateClass == RateLimitClass::AuthFailure
            ? QStringLiteral("Too many refused credentials from this address; try again in %1 s.")
            : QStringLiteral("Too many requests; try again in %1 s.");
    return DomainError{
        ErrorCode::RateLimited, message.arg(seconds),
        QJsonObject{{QStringLiteral("retry_after"), seconds}, {QStringLiteral("limit"), limit}}};
}

std::optional<DomainError> SecurityGuards::limited(RateLimitClass rateClass, RateLimitScope scope,
                                                   const QString &who) const
{
    const std::optional<RateLimitRule> rule = m_settings.limits.rule(rateClass, scope);
    if (!rule)
        return std::nullopt;
    if (const std::optional<int> wait = m_limiter.take(bucketKey(rateClass, scope, who), *rule))
        return tooMany(rateClass, scope, *wait);
    return std::nullopt;
}

std::optional<DomainError> SecurityGuards::beforeRouting(ApiRequest &request) const
{
    if (!request.peerAddress.isNull())
        request.clientAddress =
            m_settings.clients.resolve(request.peerAddress, request.forwardedFor);
    if (!m_settings.hosts.allows(request.host))
        return DomainError{ErrorCode::HostNotAllowed,
                           QStringLiteral("This server does not answer to that Host name."),
                           {}};
    // A cross-site form or fetch without preflight can send neither an
    // Authorization header nor a JSON content type; requiring one of them
    // keeps a web page from changing anything with a visitor's address.
    if (m_settings.publicBooking != PublicBooking::Open && changesState(request.method) &&
        request.authorization.isEmpty() && !isJson(request.contentType))
        return DomainError{ErrorCode::UnsupportedMediaType,
                           QStringLiteral("A request without an Authorization header must be sent "
                                          "as application/json, even with an empty body."),
                           {}};
    if (!request.authorization.isEmpty()) {
        if (const auto rule =
                m_settings.limits.rule(RateLimitClass::AuthFailure, RateLimitScope::Address)) {
            const QString key = bucketKey(RateLimitClass::AuthFailure, RateLimitScope::Address,
                                          addressKey(request.clientAddress));
            // Digested only for an address already over its limit: no hash per request.
            if (const std::optional<int> wait = m_limiter.peek(key, *rule);
                wait && !isBootstrapToken(request.authorization))
                return tooMany(RateLimitClass::AuthFailure, RateLimitScope::Address, *wait);
        }
    }
    return std::nullopt;
}

std::optional<DomainError> SecurityGuards::admit(const ApiRequest &request,
                                                 RateClass rateClass) const
{
    RateLimitClass limitClass;
    switch (rateClass) {
    case RateClass::None:
        return std::nullopt;
    case RateClass::Login:
        limitClass = RateLimitClass::Login;
        break;
    case RateClass::Booking:
        limitClass = RateLimitClass::Booking;
        break;
    case RateClass::Settle:
        limitClass = RateLimitClass::Settle;
        break;
    }
    const Principal &principal = request.principal;
    if (principal.kind == Principal::Kind::BootstrapAdmin)
        return std::nullopt;
    // Logins are counted per address whoever asks; the rest per token for staff.
    if (principal.isStaff() && limitClass != RateLimitClass::Login) {
        const QString who = principal.tokenId != 0 ? QString::number(principal.tokenId)
                                                   : QStringLiteral("name:") + principal.name;
        return limited(limitClass, RateLimitScope::Token, who);
    }
    return limited(limitClass, RateLimitScope::Address, addressKey(request.clientAddress));
}

void SecurityGuards::noteRefusedCredential(const ApiRequest &request) const
{
    const auto rule = m_settings.limits.rule(RateLimitClass::AuthFailure, RateLimitScope::Address);
    if (!rule)
        return;
    m_limiter.charge(bucketKey(RateLimitClass::AuthFailure, RateLimitScope::Address,
                               addressKey(request.clientAddress)),
                     *rule);
}
