// Options that only ask for information print it and exit 0 at once, without
// starting a server or creating a data directory; unknown options exit 2.
#include "serverprocess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class TestCommandLine : public QObject
{
    Q_OBJECT

private:
    struct Run
    {
        int exitCode = -1;
        bool finished = false;
        QString out;
        QString err;
        qint64 elapsedMs = 0;
    };

    // Runs the server binary with HOME and the data directory in an empty temp dir.
    static Run run(const QStringList &arguments, const QTemporaryDir &home)
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DATABASE_URL", "PGHOST", "PGDATABASE", "PORT", "XDG_DATA_HOME"})
            env.remove(QString::fromLatin1(name));
        env.insert(QStringLiteral("HOME"), home.path());
        env.insert(QStringLiteral("BOXOFFICE_DATA_DIR"), home.filePath(QStringLiteral("data")));
        // A server that wrongly starts must not take port 3000 from anything else.
        env.insert(QStringLiteral("PORT"), QStringLiteral("0"));
        process.setProcessEnvironment(env);
        QElapsedTimer timer;
        timer.start();
        process.start(ServerProcess::binaryPath(), arguments);
        Run result;
        result.finished = process.waitForFinished(10000);
        result.elapsedMs = timer.elapsed();
        if (!result.finished) {
            process.kill();
            process.waitForFinished(5000);
        }
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.out = QString::fromLocal8Bit(process.readAllStandardOutput());
        result.err = QString::fromLocal8Bit(process.readAllStandardError());
        return result;
    }

private Q_SLOTS:
    void informationOptionsPrintAndExit_data()
    {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("expected");
        QTest::newRow("--help") << QStringLiteral("--help") << QStringLiteral("--data-dir");
        QTest::newRow("-h") << QStringLiteral("-h") << QStringLiteral("--data-dir");
        QTest::newRow("--help-all")
            << QStringLiteral("--help-all") << QStringLiteral("--sample-shows");
        QTest::newRow("--version")
            << QStringLiteral("--version") << QStringLiteral("boxoffice-server " BOXOFFICE_VERSION);
        QTest::newRow("-v") << QStringLiteral("-v")
                            << QStringLiteral("boxoffice-server " BOXOFFICE_VERSION);
    }

    void informationOptionsPrintAndExit()
    {
        QFETCH(QString, option);
        QFETCH(QString, expected);
        QTemporaryDir home;
        QVERIFY(home.isValid());
        const Run result = run({option}, home);
        QVERIFY2(result.finished, qPrintable(QStringLiteral("%1 should exit within 10 s; it was "
                                                            "still running. Output:\n%2%3")
                                                 .arg(option, result.out, result.err)));
        QVERIFY2(result.exitCode == 0,
                 qPrintable(QStringLiteral("%1: expected exit code 0, saw %2; stderr: %3")
                                .arg(option)
                                .arg(result.exitCode)
                                .arg(result.err)));
        QVERIFY2(result.out.contains(expected),
                 qPrintable(QStringLiteral("%1: expected '%2' on stdout, saw:\n%3")
                                .arg(option, expected, result.out)));
        QVERIFY2(!result.out.contains(QStringLiteral("listening")),
                 qPrintable(QStringLiteral("%1 started a server:\n%2").arg(option, result.out)));
        const QStringList left =
            QDir(home.path())
                .entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System);
        QVERIFY2(left.isEmpty(), qPrintable(QStringLiteral("%1 should create nothing; HOME now "
                                                           "holds: %2")
                                                .arg(option, left.join(QStringLiteral(", ")))));
    }

    void unknownOptionExitsWithUsageError()
    {
        QTemporaryDir home;
        const Run result = run({QStringLiteral("--no-such-option")}, home);
        QVERIFY2(result.finished, "an unknown option should end the process at once");
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(QStringLiteral("no-such-option")),
                 qPrintable(QStringLiteral("expected the bad option named on stderr, saw: ") +
                            result.err));
        QVERIFY(QDir(home.path()).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden));
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
