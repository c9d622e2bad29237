#pragma once

#include <QEventLoop>
#include <QTimer>

// Runs the event loop until `sender` emits `signal` or timeoutMs pass; true if
// it was the signal. The runs are sequences of phases (connect, book, listen),
// and this keeps each one a line.
template <typename Sender, typename Signal>
bool waitForSignal(Sender *sender, Signal signal, int timeoutMs)
{
    QEventLoop loop;
    bool emitted = false;
    QObject::connect(sender, signal, &loop, [&] {
        emitted = true;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return emitted;
}

// Runs the event loop for ms milliseconds (subscribers keep reading meanwhile).
inline void runEventLoopFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}
