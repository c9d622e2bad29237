#include "livepushrouter.h"

#include "apiclient.h"
#include "clientlogging.h"
#include "holdsmodel.h"
#include "pushfeed.h"
#include "serverconfigloader.h"
#include "showsmodel.h"
#include "showsrefresher.h"

LivePushRouter::LivePushRouter(PushFeed *feed, ApiClient *api, ShowsModel *shows, HoldsModel *holds,
                               ShowsRefresher *refresher, ServerConfigLoader *config,
                               QObject *parent)
    : QObject(parent), m_feed(feed), m_api(api), m_shows(shows), m_holds(holds),
      m_refresher(refresher), m_config(config)
{
    connect(m_feed, &PushFeed::liveChanged, this, &LivePushRouter::onLiveChanged);
    connect(m_feed, &PushFeed::showChanged, this, &LivePushRouter::onShowChanged);
    connect(m_feed, &PushFeed::bookingsChanged, this, &LivePushRouter::onBookingsChanged);
    // A sales pause is a flag: the counter's banner follows /config, asked at once.
    connect(m_feed, &PushFeed::flagChanged, m_config, &ServerConfigLoader::reload);
    connect(m_feed, &PushFeed::resyncRequested, this, &LivePushRouter::onResync);
    connect(m_feed, &PushFeed::bookingsWatchStarted, this, &LivePushRouter::rereadHolds);

    m_holdsChanged.setSingleShot(true);
    m_holdsChanged.setInterval(0);
    connect(&m_holdsChanged, &QTimer::timeout, this, &LivePushRouter::followHoldsRows);
    connect(m_holds, &QAbstractItemModel::rowsInserted, &m_holdsChanged,
            qOverload<>(&QTimer::start));
    connect(m_holds, &QAbstractItemModel::rowsRemoved, &m_holdsChanged,
            qOverload<>(&QTimer::start));
    connect(m_holds, &QAbstractItemModel::modelReset, &m_holdsChanged, qOverload<>(&QTimer::start));
    followHoldsRows();
}

void LivePushRouter::onLiveChanged(bool live)
{
    m_refresher->setPolling(!live);
    // Events from now on start from this list; what came before the subscription
    // (or while disconnected) is in it. Going back to polling refreshes by itself.
    if (live)
        m_refresher->refreshNow();
}

void LivePushRouter::onShowChanged(const Show &show)
{
    const bool known = m_shows->rowOfShow(show.id) >= 0;
    m_shows->applyPushedShow(show);
    if (known)
        return;
    // Its seating plan (fixed at creation) is in GET /shows/:id, not in the event.
    m_api->fetchShow(show.id, this, [this](const Result<Show> &fetched) {
        if (fetched)
            m_shows->upsertShow(*fetched);
    });
}

void LivePushRouter::onBookingsChanged(const QList<PushProtocol::BookingStateChange> &changes)
{
    for (const PushProtocol::BookingStateChange &change : changes)
        m_holds->applyServerStatus(change.id, change.status);
}

void LivePushRouter::onResync()
{
    m_refresher->refreshNow();
    rereadHolds(m_holds->bookingIds());
}

void LivePushRouter::rereadHolds(const QList<qint64> &ids)
{
    for (qint64 id : ids) {
        const int row = m_holds->rowOfBooking(id);
        // Only the ones still waiting for an outcome; settled rows stay as they are.
        if (row < 0 || HoldsModel::isSettled(m_holds->stateAt(row)))
            continue;
        m_api->fetchBooking(id, this, [this, id](const Result<Booking> &booking) {
            if (booking)
                m_holds->applyServerStatus(id, booking->status);
            else
                qCDebug(lcApp) << "re-reading hold" << id << "failed:" << booking.error().message;
        });
    }
}

void LivePushRouter::followHoldsRows()
{
    m_feed->setWatchedBookings(m_holds->bookingIds());
}
