#include "hostilerequests.h"

#include "hostilebodies.h"
#include "hostileflags.h"
#include "hostilemessages.h"
#include "hostiletargets.h"

namespace {
using Generator = void (*)(HostileRequests &, QList<HostileRequests::Request> *);
} // namespace

HostileRequests::HostileRequests(const Targets &targets, quint32 seed)
    : m_targets(targets), m_random(seed)
{
}

QStringList HostileRequests::categories()
{
    return {QStringLiteral("lax-json"),         QStringLiteral("broken-json"),
            QStringLiteral("wrong-fields"),     QStringLiteral("bad-ids"),
            QStringLiteral("bad-references"),   QStringLiteral("methods-and-paths"),
            QStringLiteral("encoded-paths"),    QStringLiteral("bad-queries"),
            QStringLiteral("duplicated-query"), QStringLiteral("content-types"),
            QStringLiteral("idempotency-keys"), QStringLiteral("idempotency-keys-not-ascii"),
            QStringLiteral("admin-tokens"),     QStringLiteral("bad-headers"),
            QStringLiteral("framing"),          QStringLiteral("flags")};
}

QList<HostileRequests::Request> HostileRequests::generate(int category, int count)
{
    static const QList<Generator> generators = {&HostileBodies::laxJson,
                                                &HostileBodies::brokenJson,
                                                &HostileBodies::wrongFields,
                                                &HostileTargets::badIds,
                                                &HostileTargets::badReferences,
                                                &HostileTargets::methodsAndPaths,
                                                &HostileTargets::encodedPaths,
                                                &HostileTargets::badQueries,
                                                &HostileTargets::duplicatedQueries,
                                                &HostileBodies::contentTypes,
                                                &HostileMessages::idempotencyKeys,
                                                &HostileMessages::idempotencyKeysNotAscii,
                                                &HostileTargets::adminTokens,
                                                &HostileMessages::badHeaders,
                                                &HostileMessages::framing,
                                                &HostileFlags::flagRequests};
    QList<Request> requests;
    for (int i = 0; i < count; ++i)
        generators.at(category)(*this, &requests);
    for (Request &request : requests)
        request.category = categories().at(category);
    return requests;
}

QByteArray HostileRequests::request(const QByteArray &method, const QByteArray &target,
                                    const QList<QByteArray> &headers, const QByteArray &body,
                                    bool admin, const QByteArray &contentType)
{
    QByteArray bytes = method + ' ' + target +
                       " HTTP/1.1\r\nHost: 127.0.0.1:" + number(m_targets.port) +
                       "\r\nConnection: close\r\n";
    if (admin)
        bytes += "Authorization: Bearer " + m_targets.adminToken + "\r\n";
    if (!contentType.isEmpty() && !body.isEmpty())
        bytes += "Content-Type: " + contentType + "\r\n";
    for (const QByteArray &header : headers)
        bytes += header + "\r\n";
    if (!body.isEmpty() || method == "POST" || method == "PATCH")
        bytes += "Content-Length: " + number(body.size()) + "\r\n";
    return bytes + "\r\n" + body;
}

QByteArray HostileRequests::goodBooking()
{
    return R"({"user_name":"Fuzz)" + number(pick(100000)) + R"(","seats":1})";
}

QByteArray HostileRequests::goodShow()
{
    return R"({"name":"Fuzz show","start_time":"2030-01-01T19:30:00Z","total_seats":40})";
}
