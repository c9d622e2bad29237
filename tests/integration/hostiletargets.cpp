#include "hostiletargets.h"

#include "apilimits.h"

namespace HostileTargets {

void badIds(HostileRequests &g, QList<HostileRequests::Request> *out)
{
    static const QList<QByteArray> ids = {"abc",
                                          "0",
                                          "-1",
                                          "+1",
                                          "1.5",
                                          "1e3",
                                          "0x10",
                                          "9223372036854775808",
                                          "99999999999999999999999",
                                          "%00",
                                          "%201",
                                          "%D9%A1",
                                          "1%2C2",
                                          "9000000000000000000",
                                          "8999999999999999999",
                                          "1%20",
                                          "%EF%BC%91"};
    const QByteArray id = g.pickFrom(ids);
    switch (g.pick(8)) {
    case 0:
        out->append(
            {{}, QStringLiteral("GET /shows/:id"), g.request("GET", "/shows/" + id, {}, {})});
        break;
    case 1:
        out->append({{},
                     QStringLiteral("POST /shows/:id/book"),
                     g.request("POST", "/shows/" + id + "/book", {}, g.goodBooking())});
        break;
    case 2:
        out->append(
            {{}, QStringLiteral("GET /bookings/:id"), g.request("GET", "/bookings/" + id, {}, {})});
        break;
    case 3:
        out->append({{},
                     QStringLiteral("POST /bookings/:id/confirm"),
                     g.request("POST", "/bookings/" + id + "/confirm", {}, {})});
        break;
    case 4:
        out->append({{},
                     QStringLiteral("POST /bookings/:id/cancel"),
                     g.request("POST", "/bookings/" + id + "/cancel", {}, {})});
        break;
    case 5:
        out->append({{},
                     QStringLiteral("PATCH /admin/shows/:id"),
                     g.request("PATCH", "/admin/shows/" + id, {}, R"({"total_seats":60})", true)});
        break;
    case 6:
        out->append({{},
                     QStringLiteral("DELETE /admin/shows/:id"),
                     g.request("DELETE", "/admin/shows/" + id, {}, {}, true)});
        break;
    default:
        out->append({{},
                     QStringLiteral("GET /admin/shows/:id/bookings"),
                     g.request("GET", "/admin/shows/" + id + "/bookings", {}, {}, true)});
    }
}

void badReferences(HostileRequests &g, QList<HostileRequests::Request> *out)
{
    const QList<QByteArray> references = {
        QByteArray(65, 'A'), "ABC%20DEFG", "%00",      "ABCD%2FEFGH",
        "%C3%A9%C3%A9",      "!!!!!!!!",   "00000000", g.targets().pendingReference + "X",
        "AB_CDEFG",          "ABC%0ADEF",  "%FF",      "A.B"};
    out->append({{},
                 QStringLiteral("GET /bookings/by-reference/:reference"),
                 g.request("GET", "/bookings/by-reference/" + g.pickFrom(references), {}, {})});
}

void methodsAndPaths(HostileRequests &g, QList<HostileRequests::Request> *out)
{
    const QByteArray show = HostileRequests::number(g.targets().show);
    const QByteArray booking = HostileRequests::number(g.targets().pending);
    const QList<std::pair<QByteArray, QByteArray>> wrong = {
        {"POST", "/health"},
        {"DELETE", "/config"},
        {"PUT", "/shows"},
        {"PATCH", "/shows"},
        {"DELETE", "/shows/" + show},
        {"PUT", "/shows/" + show + "/book"},
        {"GET", "/shows/" + show + "/book"},
        {"PUT", "/bookings/" + booking},
        {"DELETE", "/bookings/" + booking},
        {"GET", "/bookings/" + booking + "/confirm"},
        {"PUT", "/bookings/" + booking + "/cancel"},
        {"POST", "/bookings/by-reference/" + g.targets().pendingReference},
        {"GET", "/admin/shows"},
        {"PUT", "/admin/shows/" + show},
        {"POST", "/admin/shows/" + show + "/bookings"},
        {"OPTIONS", "/shows"},
        {"TRACE", "/health"},
        {"GET", "/nope"},
        {"POST", "/bookings"},
        {"GET", "/admin"},
        {"GET", "/shows/" + show + "/seats"},
        {"GET", "/health/x"},
        {"GET", "/config/1"},
        {"POST", "/shows/" + show + "/book/extra"},
        {"GET", "/%FF"},
        {"GET", "/" + QByteArray(4000 + g.pick(4000), 'p')}};
    const auto &[method, target] = g.pickFrom(wrong);
    const bool admin = target.startsWith("/admin");
    out->append(
        {{},
         QString::fromLatin1(method + ' ' + target.left(40)),
         g.request(method, target, {}, method == "GET" ? QByteArray() : g.goodBooking(), admin)});
}

void encodedPaths(HostileRequests &g, QList<HostileRequests::Request> *out)
{
    const QByteArray show = HostileRequests::number(g.targets().show);
    switch (g.pick(3)) {
    case 0:
        out->append({{},
                     QStringLiteral("POST /shows/:id/book"),
                     g.request("POST", "/shows%2F" + show + "%2Fbook", {}, g.goodBooking())});
        break;
    case 1:
        out->append(
            {{},
             QStringLiteral("POST /bookings/:id/confirm"),
             g.request("POST",
                       "/bookings%2F" + HostileRequests::number(g.targets().pending) + "%2Fconfirm",
                       {}, {})});
        break;
    default:
        out->append({{},
                     QStringLiteral("POST /admin/shows"),
                     g.request("POST", "/admin%2Fshows", {}, g.goodShow(), true)});
    }
}

void badQueries(HostileRequests &g, QList<HostileRequests::Request> *out)
{
    static const QList<QByteArray> queries = {
        "limit=abc",         "limit=0",    "limit=501",    "limit=99999999999",   "limit=-1",
        "limit=1.5",         "limit=",     "limit=%00",    "offset=-1",           "offset=abc",
        "offset=2147483648", "offset=1e3", "status=bogus", "status=PENDING,NOPE", "status=%00",
        "limit=%EF%BC%91",   "limit=0x10"};
    out->append({{},
                 QStringLiteral("GET /admin/shows/:id/bookings"),
                 g.request("GET",
                           "/admin/shows/" + HostileRequests::number(g.targets().show) +
                               "/bookings?" + g.pickFrom(queries),
                           {}, {}, true)});
}

void duplicatedQueries(HostileRequests &g, QList<HostileRequests::Request> *out)
{
    const QByteArray show = HostileRequests::number(g.targets().show);
    const QList<std::pair<QByteArray, QByteArray>> routes = {
        {"GET", "/admin/shows/" + show + "/bookings?limit=1&limit=2"},
        {"GET", "/admin/shows/" + show + "/bookings?offset=0&offset=0"},
        {"GET", "/admin/shows/" + show + "/bookings?status=PENDING&status=CONFIRMED"},
        {"GET", "/health?a=1&a=2"},
        {"GET", "/config?v=1&v=1"},
        {"GET", "/shows?limit=1&limit=1"},
        {"GET", "/shows/" + show + "?a=1&a=1"},
        {"GET", "/bookings/" + HostileRequests::number(g.targets().pending) + "?x&x"},
        {"POST", "/shows/" + show + "/book?seats=1&seats=1"}};
    const auto &[method, target] = g.pickFrom(routes);
    out->append({{},
                 QString::fromLatin1(method + ' ' + target.left(target.indexOf('?'))),
                 g.request(method, target, {}, method == "POST" ? g.goodBooking() : QByteArray(),
                           target.startsWith("/admin"))});
}

void adminTokens(HostileRequests &g, QList<HostileRequests::Request> *out)
{
    const QByteArray token = g.targets().adminToken;
    QByteArray changed = token;
    changed[g.pick(int(changed.size()))] ^= 0x01;
    const QList<QByteArray> authorizations = {{},
                                              "Authorization: Bearer",
                                              "Authorization: Bearer wrong",
                                              "Authorization: Bearer " +
                                                  token.left(token.size() - 1),
                                              "Authorization: Bearer " + token + "x",
                                              "Authorization: Basic " + token.toBase64(),
                                              "Authorization: Token " + token,
                                              "Authorization: " + token,
                                              "Authorization: Bearer " + changed};
    const QByteArray header = g.pickFrom(authorizations);
    const QList<QByteArray> headers = header.isEmpty() ? QList<QByteArray>() : QList{header};
    const QByteArray show = HostileRequests::number(g.targets().show);
    switch (g.pick(4)) {
    case 0:
        out->append({{},
                     QStringLiteral("POST /admin/shows"),
                     g.request("POST", "/admin/shows", headers, g.goodShow())});
        break;
    case 1:
        out->append({{},
                     QStringLiteral("PATCH /admin/shows/:id"),
                     g.request("PATCH", "/admin/shows/" + show, headers, R"({"total_seats":60})")});
        break;
    case 2:
        out->append({{},
                     QStringLiteral("DELETE /admin/shows/:id"),
                     g.request("DELETE", "/admin/shows/" + show, headers, {})});
        break;
    default:
        out->append({{},
                     QStringLiteral("GET /admin/shows/:id/bookings"),
                     g.request("GET", "/admin/shows/" + show + "/bookings", headers, {})});
    }
}

} // namespace HostileTargets
