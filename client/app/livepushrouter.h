#pragma once

#include "pushprotocol.h"

#include <QList>
#include <QObject>
#include <QTimer>

class ApiClient;
class HoldsModel;
class PushFeed;
class ServerConfigLoader;
class ShowsModel;
class ShowsRefresher;

// Routes the live-push feed to what the window shows: show events to the
// ShowsModel (by version), booking states to the HoldsModel, flag changes to a
// fresh /config. Switches the shows polling off while the feed is live and
// back on when it is not; on (re)connect and on `resync` it reads GET /shows
// once, and re-reads the watched holds whose events may have been missed.
// Keeps the feed's watched bookings equal to the rows of the HoldsModel. A
// show first heard of from an event is read once (GET /shows/:id): events do
// not say whether it is seated.
// Lives in the GUI thread.
class LivePushRouter : public QObject
{
    Q_OBJECT
public:
    LivePushRouter(PushFeed *feed, ApiClient *api, ShowsModel *shows, HoldsModel *holds,
                   ShowsRefresher *refresher, ServerConfigLoader *config,
                   QObject *parent = nullptr);

private:
    void onLiveChanged(bool live);
    void onShowChanged(const Show &show);
    void onBookingsChanged(const QList<PushProtocol::BookingStateChange> &changes);
    void onResync();
    void rereadHolds(const QList<qint64> &ids);
    void followHoldsRows();

    PushFeed *m_feed;
    ApiClient *m_api;
    ShowsModel *m_shows;
    HoldsModel *m_holds;
    ShowsRefresher *m_refresher;
    ServerConfigLoader *m_config;
    // Rows come and go one by one (a burst of holds, Clear expired): one look after them.
    QTimer m_holdsChanged;
};
