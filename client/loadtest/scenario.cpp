#include "scenario.h"

#include <QJsonDocument>
#include <QJsonObject>

ScenarioWorker::ScenarioWorker(const ScenarioPlan &plan, int workerIndex)
    : m_plan(plan), m_random(std::random_device{}() + workerIndex), m_workerIndex(workerIndex)
{
}

ScenarioWorker::Request ScenarioWorker::request(Kind kind, const QByteArray &method,
                                                const QByteArray &path, const QByteArray &body,
                                                const QByteArray &token) const
{
    Request r;
    r.kind = kind;
    r.bytes.reserve(256 + body.size());
    r.bytes += method + ' ' + path + " HTTP/1.1\r\nHost: " + m_plan.hostHeader + "\r\n";
    if (!token.isEmpty())
        r.bytes += "Authorization: Bearer " + token + "\r\n";
    if (method == "POST")
        r.bytes += "Content-Type: application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n";
    r.bytes += "\r\n" + body;
    return r;
}

ScenarioWorker::Request ScenarioWorker::book()
{
    const qint64 showId = m_plan.showIds.size() == 1
        ? m_plan.showIds.first()
        : m_plan.showIds[qsizetype(m_random() % quint64(m_plan.showIds.size()))];
    // The user name ties every row the run made to it: prefix, worker, sequence.
    const QByteArray user = m_plan.userName + '-' + QByteArray::number(m_workerIndex) + '-'
        + QByteArray::number(++m_sequence);
    Request r = request(Kind::Book, "POST", "/shows/" + QByteArray::number(showId) + "/book",
                        "{\"user_name\":\"" + user + "\",\"seats\":1}", m_plan.token);
    r.showId = showId;
    r.seats = 1;
    return r;
}

ScenarioWorker::Request ScenarioWorker::next()
{
    if (m_plan.name != QLatin1String("mixed"))
        return book();
    const int bookShare = m_plan.mix.value(QStringLiteral("book"));
    const int confirmShare = m_plan.mix.value(QStringLiteral("confirm"));
    const int cancelShare = m_plan.mix.value(QStringLiteral("cancel"));
    const int abandonShare = m_plan.mix.value(QStringLiteral("abandon"));
    const int listShare = m_plan.mix.value(QStringLiteral("list"));
    const int total = bookShare + confirmShare + cancelShare + abandonShare + listShare;
    // Abandoning sends nothing: the hold is forgotten (it expires) and the draw repeats.
    for (int attempt = 0; attempt < 8; ++attempt) {
        int draw = int(m_random() % quint64(total));
        if ((draw -= bookShare) < 0)
            return book();
        if ((draw -= listShare) < 0)
            return request(Kind::List, "GET", "/shows", {}, {});
        if (m_holds.isEmpty())
            return book();
        const Hold hold = m_holds.takeLast();
        const QByteArray token = hold.accessToken.isEmpty() ? m_plan.token : hold.accessToken;
        const QByteArray path = "/bookings/" + QByteArray::number(hold.id);
        if ((draw -= confirmShare) < 0)
            return request(Kind::Confirm, "POST", path + "/confirm", "{}", token);
        if ((draw -= cancelShare) < 0)
            return request(Kind::Cancel, "POST", path + "/cancel", "{}", token);
    }
    return book();
}

bool ScenarioWorker::expected(Kind kind, int status, const QByteArray &code) const
{
    if (status >= 200 && status < 300)
        return true;
    if (status != 409)
        return false;
    if (kind == Kind::Book)
        return code == "not_enough_seats" && m_plan.name != QLatin1String("hot");
    // A hold can expire before mixed confirms or cancels it.
    return kind == Kind::Confirm || kind == Kind::Cancel;
}

void ScenarioWorker::onAnswer(const Request &request, int status, const QByteArray &body,
                              RunStats &stats, bool measured)
{
    QByteArray code;
    if (status >= 400 || (request.kind == Kind::Book && status == 201)) {
        const QJsonObject object = QJsonDocument::fromJson(body).object();
        if (status >= 400) {
            code = object.value(QLatin1String("code")).toString().toUtf8();
        } else {
            const qint64 id = object.value(QLatin1String("id")).toInteger();
            stats.acknowledged.append({id, request.showId, request.seats});
            if (m_plan.name == QLatin1String("mixed"))
                m_holds.append({id, object.value(QLatin1String("access_token")).toString().toUtf8()});
        }
    }
    if (!measured)
        return;
    ++stats.requests;
    ++stats.statuses[status];
    if (status >= 400)
        ++stats.errorCodes[code.isEmpty() ? QByteArray("(none)") : code];
    if (!expected(request.kind, status, code))
        ++stats.unexpected;
}
