// The seat picker's workflow against a scripted local HTTP peer (a real
// QTcpServer, answering when the test says): a seat change pushed while the
// map is being read is not undone by the answer; picked seats are held with
// seat_ids through the counter's HoldWorkflow and join the holds list with
// their labels; a seat taken meanwhile (409 seats_taken) leaves the selection,
// is named, and the map is read again; best-available sends a count (and
// "accessible" only when asked) and says when no block is free; a hold that
// got no answer is retried with the same Idempotency-Key; blocking sends the
// labels; and a general-admission hold sends exactly the body it always did.
#include "apiclient.h"
#include "holdsmodel.h"
#include "holdworkflow.h"
#include "scriptedpeer.h"
#include "seatingworkflow.h"
#include "seatmapmodel.h"
#include "seatmapsamples.h"
#include "timestamps.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

using Api::SeatState;

namespace {

QByteArray bookingAnswer(const QStringList &labels, int seats = 0)
{
    Booking booking;
    booking.id = 41;
    booking.reference = QStringLiteral("K7M2X9QD");
    booking.showId = 7;
    booking.userName = QStringLiteral("Ann");
    booking.seats = labels.isEmpty() ? seats : int(labels.size());
    booking.createdAt = QDateTime::currentDateTimeUtc();
    booking.expiresAt = booking.createdAt.addSecs(120);
    booking.seatLabels = labels;
    return http(201, json(booking.toJson()));
}

Show seatedShow()
{
    Show show;
    show.id = 7;
    show.name = QStringLiteral("Studio");
    show.startTime = QDateTime::currentDateTimeUtc().addDays(7);
    show.totalSeats = 10;
    show.seatingPlanId = 3;
    return show;
}

QStringList texts(const QSignalSpy &notices)
{
    QStringList all;
    for (const QList<QVariant> &signal : notices)
        all << signal.at(0).value<Notice>().text;
    return all;
}

constexpr auto kSeatsPath = "/shows/7/seats";
constexpr auto kBookPath = "/shows/7/book";
} // namespace

class TestSeatingWorkflow : public QObject
{
    Q_OBJECT

    struct Bench
    {
        ScriptedPeer peer;
        ApiClient api;
        HoldsModel holds;
        HoldWorkflow holdWorkflow{&api, &holds};
        SeatingWorkflow seating{&api, &holdWorkflow};
        SeatMapModel *model() { return seating.model(); }
        Bench() { api.setBaseUrl(peer.url()); }
    };

    // A bench whose map is read (the peer answers GET .../seats with the sample at once).
    static std::unique_ptr<Bench> loaded()
    {
        auto bench = std::make_unique<Bench>();
        bench->peer.answerNow = [](const ScriptedPeer::Request &request) {
            return request.path == kSeatsPath ? http(200, sampleSeatMapJson()) : QByteArray();
        };
        QSignalSpy loaded(&bench->seating, &SeatingWorkflow::loaded);
        bench->seating.setShow(seatedShow());
        if (!loaded.wait(10000))
            return nullptr;
        return bench;
    }

private slots:
    void pushHeardWhileTheMapIsReadIsNotUndone()
    {
        Bench bench;
        QSignalSpy loaded(&bench.seating, &SeatingWorkflow::loaded);
        bench.seating.setShow(seatedShow());
        QTRY_COMPARE_WITH_TIMEOUT(bench.peer.count("GET", kSeatsPath), 1, 10000);
        // The server read the map, then A-2 was held; the event comes before the answer.
        bench.seating.applyPushedSeats(7, {{102, SeatState::Held}});
        bench.peer.answer(0, http(200, sampleSeatMapJson())); // A-2 still free in it
        QVERIFY(loaded.wait(10000));
        const int row = bench.model()->rowOfLabel(QStringLiteral("A-2"));
        QCOMPARE(bench.model()->seatAt(row).state, SeatState::Held);
        QCOMPARE(bench.model()->counts().held, 2);

        // Once read, a change applies straight away and a later read starts clean.
        bench.seating.applyPushedSeats(7, {{101, SeatState::Sold}});
        QCOMPARE(bench.model()->seatAt(0).state, SeatState::Sold);
        bench.seating.applyPushedSeats(8, {{102, SeatState::Free}}); // another show
        QCOMPARE(bench.model()->seatAt(row).state, SeatState::Held);
    }

    void pickedSeatsJoinTheHoldsListWithTheirLabels()
    {
        const auto bench = loaded();
        QVERIFY(bench);
        bench->peer.answerNow = [](const ScriptedPeer::Request &request) {
            return request.path == kBookPath ? bookingAnswer({"A-1", "A-2"}) : QByteArray();
        };
        bench->model()->select({0, 1});
        QSignalSpy held(&bench->seating, &SeatingWorkflow::held);
        QSignalSpy notices(&bench->seating, &SeatingWorkflow::notice);
        bench->seating.holdSelected(QStringLiteral("  Ann "));
        QVERIFY(held.wait(10000));

        const ScriptedPeer::Request &book = bench->peer.requests.last();
        QCOMPARE(book.path, QByteArray(kBookPath));
        QCOMPARE(book.body,
                 (QJsonObject{{"user_name", "Ann"}, {"seat_ids", QJsonArray{"A-1", "A-2"}}}));
        QVERIFY2(!book.header("Idempotency-Key").isEmpty(), "a seat hold is idempotent too");
        QCOMPARE(bench->holds.rowCount(), 1);
        QCOMPARE(bench->holds.bookingAt(0).seatLabels, (QStringList{"A-1", "A-2"}));
        QCOMPARE(bench->holds.index(0, HoldsModel::SeatsColumn).data().toString(),
                 QStringLiteral("A-1, A-2"));
        QCOMPARE(bench->model()->seatAt(0).state, SeatState::Held);
        QCOMPARE(bench->model()->selectedCount(), 0);
        QVERIFY2(texts(notices).contains(QStringLiteral(
                     "Held 2 seats (A-1, A-2) for Ann — reference K7M2X9QD. Ctrl+Enter confirms.")),
                 qPrintable(texts(notices).join(QLatin1Char('|'))));
    }

    void seatTakenMeanwhileLeavesTheSelectionAndTheMapIsReadAgain()
    {
        const auto bench = loaded();
        QVERIFY(bench);
        bench->peer.answerNow = [](const ScriptedPeer::Request &request) {
            if (request.path == kBookPath)
                return http(409, json({{"code", "seats_taken"},
                                       {"error", "Already taken: A-5. Nothing was held."},
                                       {"seats", QJsonArray{"A-5"}}}));
            return request.path == kSeatsPath ? http(200, sampleSeatMapJson()) : QByteArray();
        };
        bench->model()->select({bench->model()->rowOfLabel(QStringLiteral("A-4")),
                                bench->model()->rowOfLabel(QStringLiteral("A-5"))});
        QSignalSpy failed(&bench->seating, &SeatingWorkflow::holdFailed);
        QSignalSpy notices(&bench->seating, &SeatingWorkflow::notice);
        QSignalSpy loaded(&bench->seating, &SeatingWorkflow::loaded);
        bench->seating.holdSelected(QStringLiteral("Ann"));
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.first().at(0).value<HoldWorkflow::HoldProblem>(),
                 HoldWorkflow::HoldProblem::SeatsTaken);
        QCOMPARE(bench->model()->selectedLabels(), QStringList{"A-4"});
        QCOMPARE(texts(notices).last(),
                 QStringLiteral("A-5 was just taken; nothing was held. Pick another seat."));
        QVERIFY(loaded.wait(10000));
        QCOMPARE(bench->peer.count("GET", kSeatsPath), 2);
        QCOMPARE(bench->holds.rowCount(), 0);
        QVERIFY(!bench->seating.isBusy());
    }

    void bestAvailableSendsACountAndSaysWhenNoBlockIsFree()
    {
        const auto bench = loaded();
        QVERIFY(bench);
        bench->peer.answerNow = [](const ScriptedPeer::Request &request) {
            return request.path == kBookPath ? http(409, json({{"code", "not_enough_seats"},
                                                               {"error", "No block."},
                                                               {"available_seats", 7}}))
                                             : QByteArray();
        };
        QSignalSpy failed(&bench->seating, &SeatingWorkflow::holdFailed);
        QSignalSpy notices(&bench->seating, &SeatingWorkflow::notice);
        bench->seating.holdBestAvailable(QStringLiteral("Ann"), 3, true);
        QVERIFY(failed.wait(10000));
        QCOMPARE(bench->peer.requests.last().body,
                 (QJsonObject{{"user_name", "Ann"}, {"seats", 3}, {"accessible", true}}));
        QCOMPARE(texts(notices).last(),
                 QStringLiteral("No 3 seats side by side with an accessible seat are free for "
                                "Studio. Pick seats on the map."));

        bench->seating.holdBestAvailable(QStringLiteral("Ann"), 2, false);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, 10000);
        QCOMPARE(bench->peer.requests.last().body,
                 (QJsonObject{{"user_name", "Ann"}, {"seats", 2}}));
        // Over the server's limit: refused before anything is sent.
        const qsizetype sent = bench->peer.requests.size();
        bench->seating.holdBestAvailable(QStringLiteral("Ann"), 21, false);
        QCOMPARE(texts(notices).last(), QStringLiteral("Best available: 1 to 20 seats per hold."));
        QCOMPARE(bench->peer.requests.size(), sent);
    }

    void holdWithoutAnAnswerIsRetriedWithTheSameKey()
    {
        const auto bench = loaded();
        QVERIFY(bench);
        bench->peer.answerNow = {}; // the hold is never answered
        bench->api.setTimeout(300);
        bench->model()->select({0});
        QSignalSpy failed(&bench->seating, &SeatingWorkflow::holdFailed);
        bench->seating.holdSelected(QStringLiteral("Ann"));
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.last().at(0).value<HoldWorkflow::HoldProblem>(),
                 HoldWorkflow::HoldProblem::NoAnswer);
        const QByteArray key = bench->peer.requests.last().header("Idempotency-Key");
        bench->seating.holdSelected(QStringLiteral("Ann"));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, 10000);
        QCOMPARE(bench->peer.requests.last().header("Idempotency-Key"), key);
        // Other seats are another hold: a new key.
        bench->model()->select({1});
        bench->seating.holdSelected(QStringLiteral("Ann"));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 3, 10000);
        QVERIFY(bench->peer.requests.last().header("Idempotency-Key") != key);
    }

    void blockingSendsTheSelectedLabels()
    {
        const auto bench = loaded();
        QVERIFY(bench);
        bench->peer.answerNow = [](const ScriptedPeer::Request &request) {
            return request.method == "PATCH" ? http(200, json({{"show_id", 7},
                                                               {"plan_id", 3},
                                                               {"total_seats", 8},
                                                               {"blocked_seats", 2},
                                                               {"reserved_seats", 2},
                                                               {"available_seats", 6}}))
                                             : QByteArray();
        };
        bench->model()->setSelectableStates({SeatState::Free, SeatState::Blocked});
        bench->model()->select({0, 1, 9}); // free; B-5 blocked
        QSignalSpy blocks(&bench->seating, &SeatingWorkflow::blocksChanged);
        bench->seating.blockSelected();
        QVERIFY(blocks.wait(10000));
        const ScriptedPeer::Request &patch = bench->peer.requests.last();
        QCOMPARE(patch.path, QByteArray("/admin/shows/7/seats"));
        QCOMPARE(patch.body, (QJsonObject{{"block", QJsonArray{"A-1", "A-2"}}}));
        QCOMPARE(bench->model()->seatAt(0).state, SeatState::Blocked);
        QCOMPARE(bench->model()->selectedLabels(), QStringList{"B-5"});
        bench->seating.unblockSelected();
        QTRY_COMPARE_WITH_TIMEOUT(blocks.count(), 2, 10000);
        QCOMPARE(bench->peer.requests.last().body, (QJsonObject{{"unblock", QJsonArray{"B-5"}}}));
        QCOMPARE(bench->model()->seatAt(9).state, SeatState::Free);
    }

    void generalAdmissionHoldSendsTheBodyItAlwaysDid()
    {
        Bench bench;
        bench.peer.answerNow = [](const ScriptedPeer::Request &) { return bookingAnswer({}, 2); };
        Show show = seatedShow();
        show.seatingPlanId = 0;
        QSignalSpy held(&bench.holdWorkflow, &HoldWorkflow::held);
        bench.holdWorkflow.hold(show, QStringLiteral("Ann"), 2);
        QVERIFY(held.wait(10000));
        QCOMPARE(bench.peer.requests.last().body,
                 (QJsonObject{{"user_name", "Ann"}, {"seats", 2}}));
        QCOMPARE(bench.holds.index(0, HoldsModel::SeatsColumn).data(), QVariant(2));
    }
};

QTEST_MAIN(TestSeatingWorkflow)
#include "tst_seatingworkflow.moc"
