#pragma once

#include "booking.h"
#include "holdworkflow.h"
#include "notice.h"
#include "seatmaptypes.h"
#include "show.h"

#include <QList>
#include <QObject>
#include <QTimer>

class ApiClient;
class SeatMapModel;

// What the seat picker does, without widgets: loads one seated show's seat
// map into its SeatMapModel and keeps it current, holds the picked seats or the
// best available, and blocks or unblocks seats for an admin.
//
// - Current: seat changes from live push apply by seat id. A change that
//   arrives while the map is being read is applied again once the answer is
//   in, so an answer read just before it cannot undo it. The map is read again
//   on resync, when push is live again, and every few seconds while it is not.
// - Holds go through the counter's HoldWorkflow, so a seat hold is a hold like
//   any other: same Idempotency-Key rule, same row in the holds list with its
//   countdown, confirm and cancel. Seats someone else took meanwhile leave the
//   selection and the map is read again.
//
// Lives in the GUI thread.
class SeatingWorkflow : public QObject
{
    Q_OBJECT
public:
    // `holds` is the counter's HoldWorkflow; the seat map model is the workflow's own.
    SeatingWorkflow(ApiClient *api, HoldWorkflow *holds, QObject *parent = nullptr);

    // The show whose seats to show; reads its map at once.
    void setShow(const Show &show);
    Show show() const { return m_show; }
    SeatMapModel *model() const { return m_model; }
    bool isLoaded() const { return m_loaded; }
    // A hold, block or unblock is on its way.
    bool isBusy() const { return m_busy; }
    // The server's max_seats_per_booking: more picked seats are refused before sending.
    void setMaxSeatsPerHold(int seats) { m_maxSeats = seats; }
    int maxSeatsPerHold() const { return m_maxSeats; }
    // While live push is down the map is read every few seconds instead.
    void setLive(bool live);
    void setPollInterval(int milliseconds) { m_poll.setInterval(milliseconds); }

public slots:
    void reload();
    void applyPushedSeats(qint64 showId, const QList<Api::SeatStateChange> &changes);
    void holdSelected(const QString &customer);
    void holdBestAvailable(const QString &customer, int count, bool accessible);
    // Admin: the selected free seats out of sale / the selected blocked ones back.
    void blockSelected();
    void unblockSelected();

signals:
    void notice(const Notice &notice);
    // A map (re)read arrived and is in the model.
    void loaded();
    void busyChanged(bool busy);
    // A hold this workflow asked for was made: it is on top of the holds list.
    void held(const Booking &booking);
    void holdFailed(HoldWorkflow::HoldProblem problem);
    // Seats were blocked or unblocked: the show's capacity changed.
    void blocksChanged(const Api::SeatBlocksResult &result);

private:
    void say(Notice::Tone tone, const QString &text);
    void setBusy(bool busy);
    void sendHold(const QString &customer, const Api::SeatChoice &choice);
    void changeBlocks(const QStringList &block, const QStringList &unblock);

    ApiClient *m_api;
    HoldWorkflow *m_holds;
    SeatMapModel *m_model;
    Show m_show;
    QTimer m_poll;
    bool m_live = false;
    bool m_loaded = false;
    bool m_loading = false; // a read is out
    bool m_busy = false;
    bool m_holdSent = false; // the HoldWorkflow's next outcome is ours
    int m_maxSeats = 20;
    quint64 m_loadsSent = 0; // answers to older reads than the newest are dropped
    // Push changes heard while a read is out: applied again after its answer.
    QList<Api::SeatStateChange> m_heardDuringLoad;
};
