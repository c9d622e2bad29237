#include "changefeed.h"

#include "app/logcategories.h"
#include "db/notificationhub.h"
#include "metrics/pushmetrics.h"

#include <QLoggingCategory>

namespace {
const QString kChannel = QStringLiteral("boxoffice_changes");
} // namespace

ChangeFeed::ChangeFeed(QObject *parent) : QObject(parent)
{
    m_clock.start();
    m_flush.setSingleShot(true);
    m_flush.setTimerType(Qt::PreciseTimer);
    connect(&m_flush, &QTimer::timeout, this, &ChangeFeed::flushDue);
}

void ChangeFeed::listenOn(NotificationHub &hub)
{
    hub.subscribe(
        kChannel, this, [this](const QString &payload) { onPayload(payload); },
        [this] { onResynchronised(); });
}

void ChangeFeed::take(const QByteArray &payload)
{
    onPayload(QString::fromUtf8(payload));
}

void ChangeFeed::onResynchronised()
{
    // The first is LISTEN being set up; every later one follows a gap.
    if (!m_listening) {
        m_listening = true;
        return;
    }
    qCInfo(lcServer) << "change feed interrupted; telling push subscribers to resync";
    m_ring.clear();
    m_windows.clear();
    m_flush.stop();
    m_lastSeq = 0;
    emit interrupted();
}

void ChangeFeed::onPayload(const QString &payload)
{
    const std::optional<ChangeEvent> event = ChangeEvent::fromPayload(payload.toUtf8());
    if (!event) {
        qCWarning(lcServer) << "ignoring a change-feed payload that is not one:"
                            << payload.left(100);
        return;
    }
    m_ring.push_back(*event);
    if (m_ring.size() > size_t(kRingSize))
        m_ring.pop_front();
    m_lastSeq = event->seq;
    if (event->kind == ChangeEvent::Kind::Show)
        coalesce(*event);
    else
        emit published(*event);
}

void ChangeFeed::coalesce(const ChangeEvent &event)
{
    const qint64 now = m_clock.elapsed();
    ShowWindow &window = m_windows[event.show.id];
    if (!window.waiting && (window.openedAtMs < 0 || now - window.openedAtMs >= kCoalesceMs)) {
        window.openedAtMs = now;
        emit published(event);
        return;
    }
    if (window.waiting)
        PushMetrics::instance().countCoalesced();
    window.waiting = event;
    scheduleFlush();
}

void ChangeFeed::scheduleFlush()
{
    if (m_flush.isActive())
        return;
    qint64 next = -1;
    for (const ShowWindow &window : std::as_const(m_windows)) {
        if (window.waiting) {
            const qint64 due = window.openedAtMs + kCoalesceMs;
            next = next < 0 ? due : std::min(next, due);
        }
    }
    if (next >= 0)
        m_flush.start(int(std::max<qint64>(0, next - m_clock.elapsed())));
}

void ChangeFeed::flushDue()
{
    const qint64 now = m_clock.elapsed();
    for (auto it = m_windows.begin(); it != m_windows.end();) {
        ShowWindow &window = it.value();
        if (window.waiting && now - window.openedAtMs >= kCoalesceMs) {
            window.openedAtMs = now;
            const ChangeEvent event = *window.waiting;
            window.waiting.reset();
            emit published(event);
        }
        // A show quiet for a whole window needs no memory: its next change goes out at once.
        if (!window.waiting && now - window.openedAtMs >= kCoalesceMs)
            it = m_windows.erase(it);
        else
            ++it;
    }
    scheduleFlush();
}

std::optional<QList<ChangeEvent>> ChangeFeed::since(qint64 seq) const
{
    auto it = std::find_if(m_ring.rbegin(), m_ring.rend(),
                           [seq](const ChangeEvent &event) { return event.seq == seq; });
    if (it == m_ring.rend())
        return std::nullopt;
    QList<ChangeEvent> missed;
    QHash<qint64, qsizetype> newestShow; // show id -> its place in `shows`
    QList<ChangeEvent> shows;
    const auto addShow = [&newestShow, &shows](const ChangeEvent &event) {
        if (const auto place = newestShow.constFind(event.show.id); place != newestShow.constEnd()) {
            shows[*place] = event;
            return;
        }
        newestShow.insert(event.show.id, shows.size());
        shows.append(event);
    };
    for (auto forward = it.base(); forward != m_ring.end(); ++forward) {
        if (forward->kind == ChangeEvent::Kind::Show)
            addShow(*forward);
        else
            missed.append(*forward);
    }
    // A show update still waiting in its coalescing window arrived before
    // `seq` perhaps, but has not gone out: the subscriber has not had it
    // (unless it is `seq` itself, which another instance sent).
    for (const ShowWindow &window : m_windows) {
        if (window.waiting && window.waiting->seq != seq &&
            !newestShow.contains(window.waiting->show.id))
            addShow(*window.waiting);
    }
    return missed + shows;
}
