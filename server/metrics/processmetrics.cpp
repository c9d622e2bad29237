#include "processmetrics.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <QDir>
#include <QFile>
#include <QList>

#include <ctime>
#include <unistd.h>

namespace {
// The fields of /proc/self/stat after the command name (which may hold spaces).
QList<QByteArray> statFields()
{
    QFile file(QStringLiteral("/proc/self/stat"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray line = file.readAll();
    const qsizetype end = line.lastIndexOf(')');
    if (end < 0)
        return {};
    return line.mid(end + 2).split(' ');
}

double bootTimeSeconds()
{
    QFile file(QStringLiteral("/proc/stat"));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : file.readAll().split('\n'))
        if (line.startsWith("btime "))
            return line.mid(6).trimmed().toDouble();
    return 0;
}
} // namespace

ProcessMetrics::ProcessMetrics(prometheus::Registry &registry)
    : m_residentBytes(prometheus::BuildGauge()
                          .Name("process_resident_memory_bytes")
                          .Help("Resident memory size in bytes.")
                          .Register(registry)
                          .Add({})),
      m_openFds(prometheus::BuildGauge()
                    .Name("process_open_fds")
                    .Help("Open file descriptors.")
                    .Register(registry)
                    .Add({})),
      m_startTime(prometheus::BuildGauge()
                      .Name("process_start_time_seconds")
                      .Help("Start time of the process since the Unix epoch, in seconds.")
                      .Register(registry)
                      .Add({})),
      m_cpuSeconds(prometheus::BuildCounter()
                       .Name("process_cpu_seconds_total")
                       .Help("User and system CPU time spent, in seconds.")
                       .Register(registry)
                       .Add({}))
{
    const QList<QByteArray> fields = statFields();
    // starttime, field 22 of proc(5): clock ticks after boot.
    if (fields.size() > 19)
        m_startTime.Set(bootTimeSeconds() +
                        fields.at(19).toDouble() / double(sysconf(_SC_CLK_TCK)));
    refresh();
}

void ProcessMetrics::refresh()
{
    const QList<QByteArray> fields = statFields();
    // Field numbers of proc(5) less 3: utime 14, stime 15, rss 24.
    if (fields.size() > 21) {
        const double ticks = double(sysconf(_SC_CLK_TCK));
        const double cpu = (fields.at(11).toDouble() + fields.at(12).toDouble()) / ticks;
        if (cpu > m_cpuSecondsSeen) {
            m_cpuSeconds.Increment(cpu - m_cpuSecondsSeen);
            m_cpuSecondsSeen = cpu;
        }
        m_residentBytes.Set(fields.at(21).toDouble() * double(sysconf(_SC_PAGESIZE)));
    }
    // Less one: the descriptor that reads the directory.
    const qsizetype fds = QDir(QStringLiteral("/proc/self/fd"))
                              .entryList(QDir::AllEntries | QDir::NoDotAndDotDot)
                              .size();
    m_openFds.Set(double(qMax<qsizetype>(0, fds - 1)));
}
