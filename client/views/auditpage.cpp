#include "auditpage.h"

#include "apiclient.h"
#include "auditmodel.h"
#include "inlinemessage.h"
#include "timestamps.h"
#include "usermessage.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QShowEvent>
#include <QTableView>
#include <QVBoxLayout>

namespace {
// The actions the server records (server/audit/auditentry.h); the field stays
// editable, so a newer server's actions can still be typed.
const QStringList kActions = {
    QString(),
    QStringLiteral("show.create"),
    QStringLiteral("show.update"),
    QStringLiteral("show.cancel"),
    QStringLiteral("flag.put"),
    QStringLiteral("flag.delete"),
    QStringLiteral("booking.confirm"),
    QStringLiteral("booking.cancel"),
    QStringLiteral("user.create"),
    QStringLiteral("user.update"),
    QStringLiteral("user.reset_password"),
    QStringLiteral("user.disable"),
    QStringLiteral("user.enable"),
    QStringLiteral("user.unlock"),
    QStringLiteral("token.create"),
    QStringLiteral("token.revoke"),
    QStringLiteral("auth.login"),
    QStringLiteral("auth.login_failed"),
    QStringLiteral("auth.lockout"),
    QStringLiteral("auth.logout"),
};

QLineEdit *filterField(const QString &objectName, const QString &placeholder, QWidget *parent)
{
    auto *field = new QLineEdit(parent);
    field->setObjectName(objectName);
    field->setPlaceholderText(placeholder);
    field->setClearButtonEnabled(true);
    return field;
}
} // namespace

AuditPage::AuditPage(ApiClient &api, QWidget *parent)
    : QWidget(parent), m_api(api), m_model(new AuditModel(this))
{
    m_actor = filterField(QStringLiteral("auditActor"), tr("anyone"), this);
    m_action = new QComboBox(this);
    m_action->setObjectName(QStringLiteral("auditAction"));
    m_action->setEditable(true);
    m_action->addItems(kActions);
    m_action->lineEdit()->setPlaceholderText(tr("any action"));
    m_target = filterField(QStringLiteral("auditTarget"), tr("booking:42, show, …"), this);
    m_since = filterField(QStringLiteral("auditSince"), tr("2026-12-01T08:00:00Z"), this);
    m_until = filterField(QStringLiteral("auditUntil"), tr("2026-12-02T08:00:00+01:00"), this);
    m_search = new QPushButton(tr("&Search"), this);
    m_search->setObjectName(QStringLiteral("auditSearch"));
    m_search->setDefault(true);
    m_loadMore = new QPushButton(tr("Load &more"), this);
    m_loadMore->setObjectName(QStringLiteral("auditLoadMore"));
    m_loadMore->setEnabled(false);
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("auditMessage"));

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("auditTable"));
    m_table->setModel(m_model);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(AuditModel::ChangeColumn,
                                                      QHeaderView::Stretch);

    auto *filters = new QFormLayout;
    filters->addRow(tr("&Who:"), m_actor);
    filters->addRow(tr("&Action:"), m_action);
    filters->addRow(tr("&Target:"), m_target);
    filters->addRow(tr("Si&nce:"), m_since);
    filters->addRow(tr("&Until:"), m_until);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_search);
    buttons->addStretch();
    buttons->addWidget(m_loadMore);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addLayout(buttons);
    layout->addWidget(m_message);
    layout->addWidget(m_table, 1);

    connect(m_search, &QPushButton::clicked, this, &AuditPage::search);
    connect(m_loadMore, &QPushButton::clicked, this, &AuditPage::loadMore);
    for (QLineEdit *field : {m_actor, m_target, m_since, m_until})
        connect(field, &QLineEdit::returnPressed, this, &AuditPage::search);
}

void AuditPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_loadedOnce) {
        m_loadedOnce = true;
        search();
    }
}

std::optional<Api::AuditFilter> AuditPage::readFilter()
{
    Api::AuditFilter filter;
    filter.actor = m_actor->text().trimmed();
    filter.action = m_action->currentText().trimmed();
    filter.target = m_target->text().trimmed();
    filter.limit = m_pageSize;
    const auto time = [this](QLineEdit *field, QDateTime *into) {
        const QString text = field->text().trimmed();
        if (text.isEmpty())
            return true;
        *into = Timestamps::parseIsoWithOffset(text);
        if (into->isValid())
            return true;
        m_message->showMessage(InlineMessage::Kind::Error,
                               tr("“%1” is not a time: write it as 2026-12-01T08:00:00Z or with "
                                  "an offset such as +01:00.")
                                   .arg(text));
        field->setFocus();
        return false;
    };
    if (!time(m_since, &filter.since) || !time(m_until, &filter.until))
        return std::nullopt;
    return filter;
}

void AuditPage::search()
{
    const auto filter = readFilter();
    if (!filter)
        return;
    m_filter = *filter;
    m_nextCursor.clear();
    request(QString());
}

void AuditPage::loadMore()
{
    if (!m_nextCursor.isEmpty())
        request(m_nextCursor);
}

void AuditPage::request(const QString &cursor)
{
    const bool firstPage = cursor.isEmpty();
    const quint64 generation = firstPage ? ++m_generation : m_generation;
    m_loadMore->setEnabled(false);
    m_api.audit(m_filter, cursor, this,
                [this, generation, firstPage](const Result<Api::AuditPage> &result) {
                    if (generation != m_generation)
                        return; // a newer search has replaced this one
                    if (!result) {
                        m_message->showMessage(InlineMessage::Kind::Error,
                                               UserMessage::forError(result.error()));
                        m_loadMore->setEnabled(!m_nextCursor.isEmpty());
                        return;
                    }
                    m_message->clearMessage();
                    if (firstPage)
                        m_model->setEntries(result->entries);
                    else
                        m_model->appendEntries(result->entries);
                    m_nextCursor = result->nextCursor;
                    m_loadMore->setEnabled(!m_nextCursor.isEmpty());
                });
}
