// HoldWorkflow against the real server, without widgets: a hold lands on the
// holds list, a retry after a lost answer reuses its Idempotency-Key (one
// booking only), confirm and cancel settle the list and the server, and the
// server's refusals become the sentences the counter shows.
#include "answerdroppingrelay.h"
#include "apiclient.h"
#include "holdsmodel.h"
#include "holdworkflow.h"
#include "serverprocess.h"
#include "testdatabase.h"

#include <QSignalSpy>
#include <QtTest>

#include <optional>

namespace {
template <typename T, typename Call> Result<T> await(Call call)
{
    std::optional<Result<T>> outcome;
    QObject context;
    call(&context, [&outcome](const Result<T> &r) { outcome = r; });
    if (!QTest::qWaitFor([&] { return outcome.has_value(); }, 30000))
        return DomainError{ErrorCode::Internal, QStringLiteral("test gave up waiting"), {}};
    return *outcome;
}

QByteArray describe(const QList<Notice> &notices)
{
    QStringList texts;
    for (const Notice &notice : notices)
        texts << notice.text;
    return texts.join(QLatin1String(" | ")).toUtf8();
}
} // namespace

class TestHoldWorkflow : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;
    ServerProcess m_shortHoldServer; // holds last 1 s
    ApiClient *m_admin = nullptr;    // straight to m_server, for setup and checks

    bool startServer(ServerProcess &server, const QStringList &arguments)
    {
        server.setDatabaseUrl(TestDatabase::instance().createDatabase());
        server.setArguments(arguments);
        if (!server.start()) {
            qWarning() << server.errorString();
            return false;
        }
        return true;
    }

    static ApiClient *clientOf(const ServerProcess &server, QObject *parent)
    {
        auto *api = new ApiClient(parent);
        api->setBaseUrl(server.baseUrl());
        api->setToken(server.adminToken());
        return api;
    }

    static Show createShow(ApiClient *api, const QString &name, int seats)
    {
        const ShowDraft draft{name, QDateTime::currentDateTimeUtc().addDays(30), seats};
        const auto show = await<Show>([&](QObject *c, auto cb) { api->createShow(draft, c, cb); });
        return show ? *show : Show{};
    }

    static std::optional<Show> fetchShow(ApiClient *api, qint64 id)
    {
        const auto show = await<Show>([&](QObject *c, auto cb) { api->fetchShow(id, c, cb); });
        return show ? std::optional<Show>(*show) : std::nullopt;
    }

    // The last notice the workflow gave, as the counter would show it.
    struct Notices
    {
        QList<Notice> all;
        explicit Notices(HoldWorkflow &workflow)
        {
            QObject::connect(&workflow, &HoldWorkflow::notice,
                             [this](const Notice &notice) { all << notice; });
        }
        Notice last() const { return all.isEmpty() ? Notice{} : all.last(); }
    };

private slots:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
        QVERIFY(startServer(m_server, {}));
        QVERIFY(startServer(m_shortHoldServer,
                            {QStringLiteral("--hold-seconds"), QStringLiteral("1")}));
        m_admin = clientOf(m_server, this);
    }

    void holdLandsOnTopOfTheHoldsList()
    {
        const Show show = createShow(m_admin, QStringLiteral("Workflow hold"), 10);
        QVERIFY(show.id > 0);
        HoldsModel holds;
        HoldWorkflow workflow(m_admin, &holds);
        Notices notices(workflow);
        QSignalSpy held(&workflow, &HoldWorkflow::held);
        QSignalSpy busy(&workflow, &HoldWorkflow::busyChanged);

        workflow.hold(show, QStringLiteral("  Ana   Silva "), 2);
        QVERIFY2(workflow.isHolding(), "a hold on its way is in flight");
        QCOMPARE(notices.last().tone, Notice::Tone::Info);
        workflow.hold(show, QStringLiteral("Ana Silva"), 2); // a second press meanwhile: ignored
        QTRY_COMPARE_WITH_TIMEOUT(held.count(), 1, 20000);

        QVERIFY(!workflow.isHolding());
        QCOMPARE(busy.count(), 2); // true, then false
        QCOMPARE(busy.at(0).at(0).toBool(), true);
        QCOMPARE(busy.at(1).at(0).toBool(), false);
        QCOMPARE(holds.rowCount(), 1);
        const Booking booking = holds.bookingAt(0);
        QCOMPARE(booking.userName, QStringLiteral("Ana Silva"));
        QCOMPARE(booking.seats, 2);
        QCOMPARE(holds.showNameAt(0), show.name);
        QCOMPARE(notices.last().tone, Notice::Tone::Success);
        QVERIFY2(notices.last().text.contains(booking.reference), describe(notices.all));
        QCOMPARE(fetchShow(m_admin, show.id)->heldSeats, 2);
    }

    void formProblemsAreRefusedWithoutAsking()
    {
        const Show show = createShow(m_admin, QStringLiteral("Workflow form checks"), 10);
        QVERIFY(show.id > 0);
        HoldsModel holds;
        HoldWorkflow workflow(m_admin, &holds);
        Notices notices(workflow);
        QSignalSpy failed(&workflow, &HoldWorkflow::holdFailed);

        workflow.hold(std::nullopt, QStringLiteral("Bo"), 1);
        workflow.hold(show, QStringLiteral("   "), 1);
        QCOMPARE(failed.count(), 2);
        QCOMPARE(failed.at(0).at(0).value<HoldWorkflow::HoldProblem>(),
                 HoldWorkflow::HoldProblem::NoShow);
        QCOMPARE(failed.at(1).at(0).value<HoldWorkflow::HoldProblem>(),
                 HoldWorkflow::HoldProblem::NoCustomer);
        QCOMPARE(notices.all.size(), 2);
        QCOMPARE(notices.all.at(0).text, QStringLiteral("Pick a show first."));
        QCOMPARE(notices.all.at(1).text, QStringLiteral("Type the customer's name."));
        QCOMPARE(m_admin->pendingRequests(), 0);
        QVERIFY(!workflow.isHolding());
    }

    void retryAfterALostAnswerReusesTheKey()
    {
        const Show show = createShow(m_admin, QStringLiteral("Workflow lost answer"), 10);
        QVERIFY(show.id > 0);
        AnswerDroppingRelay relay(m_server.port());
        ApiClient api;
        api.setBaseUrl(relay.url());
        HoldsModel holds;
        HoldWorkflow workflow(&api, &holds);
        Notices notices(workflow);
        QSignalSpy failed(&workflow, &HoldWorkflow::holdFailed);
        QSignalSpy held(&workflow, &HoldWorkflow::held);

        relay.setDroppingAnswers(true);
        workflow.hold(show, QStringLiteral("Cleo"), 3);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
        QCOMPARE(failed.at(0).at(0).value<HoldWorkflow::HoldProblem>(),
                 HoldWorkflow::HoldProblem::NoAnswer);
        QVERIFY2(notices.last().text.startsWith(QStringLiteral("Not held:")),
                 describe(notices.all));
        QVERIFY2(relay.droppedAnswers() >= 1, "the server must have answered the first try");
        QCOMPARE(holds.rowCount(), 0);
        // The server did hold the seats: only the answer was lost.
        QCOMPARE(fetchShow(m_admin, show.id)->heldSeats, 3);

        // Enter again with the same form: the same key, so the server hands back that hold.
        relay.setDroppingAnswers(false);
        workflow.hold(show, QStringLiteral("Cleo"), 3);
        QTRY_COMPARE_WITH_TIMEOUT(held.count(), 1, 20000);
        const QList<QByteArray> keys = relay.idempotencyKeys();
        QVERIFY2(keys.size() >= 2, QByteArray::number(keys.size()));
        for (const QByteArray &key : keys)
            QVERIFY2(key == keys.first(), key + " differs from " + keys.first());
        QCOMPARE(holds.rowCount(), 1);
        QCOMPARE(holds.bookingAt(0).seats, 3);

        const auto page = await<BookingPage>(
            [&](QObject *c, auto cb) { m_admin->fetchShowBookings(show.id, {}, c, cb); });
        QVERIFY(page);
        QCOMPARE(page->totalCount, 1);
        QCOMPARE(page->bookings.first().id, holds.bookingAt(0).id);
        QCOMPARE(fetchShow(m_admin, show.id)->heldSeats, 3);

        // After the answer came, a new press is a new hold with a new key.
        workflow.hold(show, QStringLiteral("Cleo"), 3);
        QTRY_COMPARE_WITH_TIMEOUT(held.count(), 2, 20000);
        QVERIFY(relay.idempotencyKeys().last() != keys.first());
        QCOMPARE(fetchShow(m_admin, show.id)->heldSeats, 6);
    }

    void confirmSettlesTheHold()
    {
        const Show show = createShow(m_admin, QStringLiteral("Workflow confirm"), 10);
        QVERIFY(show.id > 0);
        HoldsModel holds;
        HoldWorkflow workflow(m_admin, &holds);
        Notices notices(workflow);
        QSignalSpy held(&workflow, &HoldWorkflow::held);
        QSignalSpy confirmed(&workflow, &HoldWorkflow::confirmed);
        QSignalSpy finished(&workflow, &HoldWorkflow::actionFinished);
        workflow.hold(show, QStringLiteral("Dev"), 4);
        QTRY_COMPARE_WITH_TIMEOUT(held.count(), 1, 20000);
        const Booking hold = holds.bookingAt(0);

        workflow.confirmHold(hold.id);
        QCOMPARE(holds.stateAt(0), HoldsModel::State::Confirming);
        workflow.confirmHold(hold.id); // already on its way: left alone
        QTRY_COMPARE_WITH_TIMEOUT(confirmed.count(), 1, 20000);
        const auto booking = confirmed.at(0).at(0).value<Booking>();
        QCOMPARE(booking.id, hold.id);
        QCOMPARE(booking.status, Booking::Status::Confirmed);
        QCOMPARE(confirmed.at(0).at(1).toString(), show.name);
        QCOMPARE(holds.rowCount(), 0);
        QVERIFY2(notices.last().isEmpty(), describe(notices.all)); // the panel says it
        QCOMPARE(finished.count(), 1);
        const auto after = fetchShow(m_admin, show.id);
        QCOMPARE(after->soldSeats, 4);
        QCOMPARE(after->heldSeats, 0);
    }

    void cancelReleasesTheSeats()
    {
        const Show show = createShow(m_admin, QStringLiteral("Workflow cancel"), 10);
        QVERIFY(show.id > 0);
        HoldsModel holds;
        HoldWorkflow workflow(m_admin, &holds);
        Notices notices(workflow);
        QSignalSpy held(&workflow, &HoldWorkflow::held);
        QSignalSpy cancelled(&workflow, &HoldWorkflow::cancelled);
        workflow.hold(show, QStringLiteral("Eve"), 2);
        QTRY_COMPARE_WITH_TIMEOUT(held.count(), 1, 20000);
        const Booking hold = holds.bookingAt(0);

        workflow.cancelHold(hold.id);
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, 20000);
        QCOMPARE(holds.rowCount(), 0);
        QCOMPARE(notices.last().tone, Notice::Tone::Info);
        QCOMPARE(notices.last().text,
                 QStringLiteral("Cancelled hold %1; 2 seats released.").arg(hold.reference));
        QCOMPARE(fetchShow(m_admin, show.id)->heldSeats, 0);
    }

    void settlingAFoundBookingTakesItOffTheHoldsList()
    {
        const Show show = createShow(m_admin, QStringLiteral("Workflow lookup confirm"), 10);
        QVERIFY(show.id > 0);
        HoldsModel holds;
        HoldWorkflow counter(m_admin, &holds);
        HoldWorkflow lookup(m_admin, &holds);
        Notices notices(lookup);
        QSignalSpy held(&counter, &HoldWorkflow::held);
        QSignalSpy confirmed(&lookup, &HoldWorkflow::confirmed);
        QSignalSpy counterConfirmed(&counter, &HoldWorkflow::confirmed);
        counter.hold(show, QStringLiteral("Fin"), 1);
        QTRY_COMPARE_WITH_TIMEOUT(held.count(), 1, 20000);
        const Booking hold = holds.bookingAt(0);

        lookup.confirmBooking(hold);
        QTRY_COMPARE_WITH_TIMEOUT(confirmed.count(), 1, 20000);
        QCOMPARE(holds.rowCount(), 0);
        QCOMPARE(notices.last().text, QStringLiteral("Confirmed %1.").arg(hold.reference));
        QCOMPARE(counterConfirmed.count(), 0); // the counter's workflow did not ask
    }

    void expiredHoldSaysItExpired()
    {
        ApiClient *api = clientOf(m_shortHoldServer, this);
        const Show show = createShow(api, QStringLiteral("Workflow expiry"), 10);
        QVERIFY(show.id > 0);
        HoldsModel holds;
        // A counter whose clock lags a minute: its list still thinks the hold is
        // pending, so it is the server that has to say it expired.
        holds.setClock([] { return QDateTime::currentMSecsSinceEpoch() - 60000; });
        HoldWorkflow workflow(api, &holds);
        Notices notices(workflow);
        QSignalSpy held(&workflow, &HoldWorkflow::held);
        QSignalSpy finished(&workflow, &HoldWorkflow::actionFinished);
        workflow.hold(show, QStringLiteral("Gil"), 2);
        QTRY_COMPARE_WITH_TIMEOUT(held.count(), 1, 20000);
        const Booking hold = holds.bookingAt(0);
        // Same machine, same clock: wait until the server's deadline has passed.
        QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentDateTimeUtc() > hold.expiresAt.addMSecs(300),
                                 15000);
        QCOMPARE(holds.stateAt(0), HoldsModel::State::Pending);

        workflow.confirmHold(hold.id);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        QCOMPARE(notices.last().tone, Notice::Tone::Warning);
        QCOMPARE(
            notices.last().text,
            QStringLiteral("Hold %1 expired before it was confirmed; its 2 seats were released.")
                .arg(hold.reference));
        QCOMPARE(holds.stateAt(0), HoldsModel::State::Expired);

        // Confirming it again does not ask the server: the list knows now.
        workflow.confirmHold(hold.id);
        QCOMPARE(finished.count(), 2);
        QCOMPARE(api->pendingRequests(), 0);
        QVERIFY2(notices.last().text.contains(QStringLiteral("has expired")),
                 describe(notices.all));
    }

    void notEnoughSeatsSaysHowManyAreLeft()
    {
        const Show show = createShow(m_admin, QStringLiteral("Workflow nearly full"), 3);
        QVERIFY(show.id > 0);
        HoldsModel holds;
        HoldWorkflow workflow(m_admin, &holds);
        Notices notices(workflow);
        QSignalSpy failed(&workflow, &HoldWorkflow::holdFailed);
        QSignalSpy changed(&workflow, &HoldWorkflow::bookingsChanged);

        workflow.hold(show, QStringLiteral("Hal"), 5);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
        QCOMPARE(failed.at(0).at(0).value<HoldWorkflow::HoldProblem>(),
                 HoldWorkflow::HoldProblem::NotEnoughSeats);
        QCOMPARE(notices.last().tone, Notice::Tone::Warning);
        QCOMPARE(notices.last().text,
                 QStringLiteral("Only 3 seats left for %1 (asked for 5).").arg(show.name));
        QCOMPARE(holds.rowCount(), 0);
        QCOMPARE(changed.count(), 1); // the shows table should learn the real count
    }
};

QTEST_MAIN(TestHoldWorkflow)
#include "tst_holdworkflow.moc"
