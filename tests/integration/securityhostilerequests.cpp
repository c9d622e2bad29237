#include "securityhostilerequests.h"

#include "securitypayloads.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace SecurityPayloads;

namespace {
// A string field's value while the body is JSON; replaced() swaps it for raw text.
const QString kMarker = QStringLiteral("@@HOSTILE@@");
const QByteArray kPlaceholder = "\"@@HOSTILE@@\"";

bool changes(const QByteArray &method)
{
    return method != "GET" && method != "HEAD";
}

QByteArray randomBytes(QRandomGenerator &random, int size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &c : bytes)
        c = char(random.bounded(256));
    return bytes;
}
} // namespace

SecurityHostileRequests::SecurityHostileRequests(Targets targets, QList<Route> routes, quint32 seed)
    : m_targets(std::move(targets)), m_routes(std::move(routes)), m_random(seed)
{
}

QStringList SecurityHostileRequests::categories()
{
    return {QStringLiteral("random-bytes"),        QStringLiteral("truncated-json"),
            QStringLiteral("deep-json"),           QStringLiteral("wrong-types"),
            QStringLiteral("huge-numbers"),        QStringLiteral("sql-injection-bodies"),
            QStringLiteral("sql-injection-paths"), QStringLiteral("invalid-utf8"),
            QStringLiteral("oversized"),           QStringLiteral("forged-forwarded-for"),
            QStringLiteral("bogus-authorization"), QStringLiteral("slow-senders")};
}

QList<SecurityHostileRequests::Request> SecurityHostileRequests::generate(int category, int count)
{
    QList<Request> requests;
    const QString name = categories().at(category);
    for (int i = 0; i < count && !m_routes.isEmpty(); ++i) {
        const Route &route = m_routes.at(m_next++ % m_routes.size());
        QByteArray payload;
        Aim aim = changes(route.method) ? Aim::Absent : Aim::Real;
        QList<QByteArray> headers;
        const bool slow = name == QLatin1String("slow-senders");
        // A slow sender sends what another category would, byte by byte.
        const int kind = slow ? pickFrom(QList<int>{1, 3, 5, 9}) : category;
        const QByteArray body = bodyFor(kind, route, &payload, &aim, &headers);
        Request request = make(name, route, payload, aim, body, headers, kind == 10);
        request.stalled = slow && pick(10) == 0;
        requests << request;
    }
    return requests;
}

QJsonObject SecurityHostileRequests::baseBody(const Route &route) const
{
    const Schema schema = schemaFor(route.method, route.pattern);
    QJsonObject body;
    for (const Field &field : schema.fields)
        body.insert(field.name, field.sample);
    // A booking is aimed at a cancelled or absent show instead, so that its
    // fields still reach the database.
    if (!schema.invalidField.isEmpty() && route.pattern != QLatin1String("/shows/:id/book"))
        body.insert(schema.invalidField, schema.invalidValue);
    return body;
}

QByteArray
SecurityHostileRequests::replaced(const Route &route, const QList<int> &types,
                                  const std::function<QByteArray(int type)> &replacement) const
{
    QJsonObject body = baseBody(route);
    const Schema schema = schemaFor(route.method, route.pattern);
    QList<int> replacedTypes; // in the order QJsonObject writes its keys: sorted
    for (const Field &field : schema.fields) {
        if (types.contains(int(field.type)))
            body.insert(field.name, kMarker);
    }
    for (const QString &key : body.keys()) {
        for (const Field &field : schema.fields) {
            if (field.name == key && body.value(key) == QJsonValue(kMarker))
                replacedTypes << int(field.type);
        }
    }
    QByteArray text = QJsonDocument(body).toJson(QJsonDocument::Compact);
    for (const int type : replacedTypes) {
        const qsizetype at = text.indexOf(kPlaceholder);
        text.replace(at, kPlaceholder.size(), replacement(type));
    }
    return text;
}

QByteArray SecurityHostileRequests::bodyFor(int category, const Route &route, QByteArray *payload,
                                            Aim *aim, QList<QByteArray> *headers)
{
    const QByteArray base = QJsonDocument(baseBody(route)).toJson(QJsonDocument::Compact);
    const QList<int> strings = {Field::Text, Field::Choice, Field::Time};
    const QList<int> all = {Field::Text, Field::Choice, Field::Time, Field::Number, Field::Bool};
    const auto jsonString = [](const QByteArray &raw) {
        return QJsonDocument(QJsonArray{QString::fromUtf8(raw)})
            .toJson(QJsonDocument::Compact)
            .mid(1)
            .chopped(1);
    };
    QByteArray body;
    switch (category) {
    case 0:
        body = randomBytes(m_random, 1 + pick(2048));
        break;
    case 1:
        body = base.left(1 + pick(int(base.size()) - 1));
        break;
    case 2: {
        // Always past StrictJsonReader::kMaxDepth (1024): a shallower object is a
        // legitimate value for a feature flag, which PUT /admin/flags/:key accepts.
        const int depth = pickFrom(QList<int>{1025, 2000, 5000, 10000});
        const int shape = pick(3);
        if (shape == 0)
            body = QByteArray(depth, '[') + "1" + QByteArray(depth, ']');
        else if (shape == 1)
            body = QByteArray("{\"a\":").repeated(depth) + "1" + QByteArray(depth, '}');
        else
            body = replaced(route, strings, [depth](int) {
                return QByteArray(depth, '[') + QByteArray(depth, ']');
            });
        break;
    }
    case 3:
        // Every field at once: one wrong field alone might be an optional one.
        body = replaced(route, all, [this](int type) {
            if (type == Field::Number)
                return pickFrom(
                    QList<QByteArray>{"\"12\"", "[]", "{}", "true", "[1]", "{\"x\":1}", "\"\""});
            if (type == Field::Bool)
                return pickFrom(QList<QByteArray>{"\"true\"", "1", "[]", "{}", "\"\""});
            return pickFrom(
                QList<QByteArray>{"12", "[]", "{}", "true", "[\"a\"]", "{\"x\":1}", "-1.5e3"});
        });
        break;
    case 4:
        if (pick(3) == 0) {
            *aim = Aim::Payload;
            *payload = pickFrom(hugeNumbers());
            body = base;
        } else {
            body = replaced(route, all, [this](int) { return pickFrom(hugeNumbers()); });
        }
        break;
    case 5:
        body = replaced(route, strings, [&](int) { return jsonString(pickFrom(sqlInjections())); });
        break;
    case 6:
        *aim = Aim::Payload;
        *payload = pickFrom(sqlInjections());
        body = base;
        break;
    case 7:
        switch (pick(3)) {
        case 0:
            body = replaced(route, strings,
                            [this](int) { return "\"ab" + pickFrom(invalidUtf8()) + "cd\""; });
            break;
        case 1:
            *aim = Aim::Payload;
            *payload = "x" + pickFrom(invalidUtf8());
            body = base;
            break;
        default:
            headers->append("X-Request-Id: " + pickFrom(invalidUtf8()) + "id");
            body = base.left(base.size() - 1);
        }
        break;
    case 8:
        switch (pick(4)) {
        case 0:
            body = replaced(route, {Field::Text, Field::Choice}, [this](int) {
                return "\"" + QByteArray(65 * 1024 + pick(130 * 1024), 'a') + "\"";
            });
            if (!body.contains("aaaa")) // no string field: the whole body is too large
                body = "[\"" + QByteArray(65 * 1024 + pick(130 * 1024), 'a') + "\"]";
            break;
        case 1:
            headers->append("X-Big: " + QByteArray(8 * 1024 + 1 + pick(8000), 'b'));
            body = base;
            break;
        case 2:
            for (int i = 0, n = 101 + pick(100); i < n; ++i)
                headers->append("X-" + QByteArray::number(i) + ": a");
            body = base;
            break;
        default:
            *aim = Aim::Payload;
            *payload = QByteArray(4096 + pick(8192), 'p');
            body = base;
        }
        break;
    case 9:
        headers->append(pickFrom(forgedForwarding()));
        body = pick(2) ? base : base.left(base.size() / 2);
        break;
    case 10:
        headers->append("Authorization: " + pickFrom(bogusAuthorizations()));
        body = base;
        break;
    default:
        body = base;
    }
    if (!changes(route.method)) {
        // Reads take no body: what the category made goes into the query or path,
        // except where the headers are the hostile part (then real rows are read).
        if (*aim != Aim::Payload && category != 9 && category != 10) {
            *aim = Aim::Payload;
            *payload = body.left(2048);
        }
        return {};
    }
    return body;
}

QByteArray SecurityHostileRequests::target(const Route &route, Aim aim, const QByteArray &payload)
{
    if (aim == Aim::Real && changes(route.method))
        aim = Aim::Absent; // never a real row for a route that changes one
    const QStringList segments = route.pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QByteArray path;
    bool hasParameter = false;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QString &segment = segments.at(i);
        path += '/';
        if (!segment.startsWith(QLatin1Char(':'))) {
            path += segment.toUtf8();
            continue;
        }
        hasParameter = true;
        const QString before = i > 0 ? segments.at(i - 1) : QString();
        const bool key = segment == QLatin1String(":key");
        const bool reference = segment == QLatin1String(":reference");
        if (aim == Aim::Payload) {
            path += percentEncoded(payload);
        } else if (aim == Aim::Absent) {
            if (key)
                path += "hostile.absent";
            else if (reference)
                path += "ZZZZZZZZ";
            else if (route.pattern == QLatin1String("/shows/:id/book") && pick(2))
                path += QByteArray::number(m_targets.cancelledShow);
            else
                path += "987654321";
        } else if (key) {
            path += m_targets.flagKey;
        } else if (reference) {
            path += m_targets.reference;
        } else {
            qint64 id = m_targets.show;
            if (before == QLatin1String("users"))
                id = m_targets.user;
            else if (before == QLatin1String("tokens"))
                id = m_targets.token;
            else if (before == QLatin1String("bookings"))
                id = m_targets.booking;
            path += QByteArray::number(id);
        }
    }
    if (aim == Aim::Payload && !hasParameter) {
        const QByteArray name = pickFrom(QList<QByteArray>{
            "actor", "action", "target", "since", "until", "limit", "cursor", "subject", "q"});
        path += '?' + name + '=' + percentEncoded(payload);
    }
    return path;
}

SecurityHostileRequests::Request
SecurityHostileRequests::make(const QString &category, const Route &route,
                              const QByteArray &payload, Aim aim, const QByteArray &body,
                              const QList<QByteArray> &headers, bool bogusCredential)
{
    // A route whose only input is the token (POST /auth/logout) would be a real
    // change with a valid one, whatever else is wrong with the request.
    const bool validTokenIsSafe = !changes(route.method) ||
                                  route.pattern.contains(QLatin1Char(':')) ||
                                  knownSchema(route.method, route.pattern);
    Credential credential{QStringLiteral("none"), {}};
    if (bogusCredential)
        credential.name = QStringLiteral("bogus");
    else if (validTokenIsSafe && pick(int(m_targets.credentials.size()) + 1) > 0)
        credential = m_targets.credentials.at(pick(int(m_targets.credentials.size())));
    QByteArray bytes = route.method + ' ' + target(route, aim, payload) +
                       " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_targets.port) +
                       "\r\nConnection: close\r\n";
    if (!credential.authorization.isEmpty())
        bytes += "Authorization: " + credential.authorization + "\r\n";
    if (changes(route.method))
        bytes += "Content-Type: application/json\r\n";
    for (const QByteArray &header : headers)
        bytes += header + "\r\n";
    if (changes(route.method))
        bytes += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    bytes += "\r\n" + body;
    Request request;
    request.category = category;
    request.endpoint = QString::fromLatin1(route.method) + QLatin1Char(' ') + route.pattern;
    request.credential = credential.name;
    request.bytes = bytes;
    request.readOnly = !changes(route.method) || route.pattern.endsWith(QLatin1String("/preview"));
    return request;
}
