#include "flaghistorydialog.h"

#include "apiclient.h"
#include "flaghistorymodel.h"
#include "usermessage.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace {
constexpr int kPageSize = 50;
} // namespace

FlagHistoryDialog::FlagHistoryDialog(ApiClient *api, const QString &key, QWidget *parent)
    : QDialog(parent), m_api(api), m_key(key), m_model(new FlagHistoryModel(this))
{
    setObjectName(QStringLiteral("flagHistoryDialog"));
    setWindowTitle(tr("History of %1").arg(key));

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("flagHistoryTable"));
    m_table->setModel(m_model);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(FlagHistoryModel::WhenColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(FlagHistoryModel::ChangeColumn, QHeaderView::Stretch);

    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("flagHistoryCount"));
    m_more = new QPushButton(tr("Load &more"), this);
    m_more->setObjectName(QStringLiteral("flagHistoryMore"));
    m_more->setEnabled(false);
    connect(m_more, &QPushButton::clicked, this, &FlagHistoryDialog::loadMore);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *row = new QHBoxLayout;
    row->addWidget(m_count, 1);
    row->addWidget(m_more);
    row->addWidget(buttons);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addLayout(row);
    resize(820, 420);
    loadMore();
}

void FlagHistoryDialog::loadMore()
{
    m_more->setEnabled(false);
    const int offset = m_model->rowCount();
    m_api->fetchFlagHistory(
        m_key, kPageSize, offset, this, [this, offset](const Result<Api::FlagHistoryPage> &page) {
            if (!page) {
                m_count->setText(UserMessage::forError(page.error()));
                return;
            }
            if (offset == 0)
                m_model->setChanges(page->changes);
            else
                m_model->appendChanges(page->changes);
            m_total = page->totalCount;
            m_count->setText(tr("%1 of %2 changes").arg(m_model->rowCount()).arg(m_total));
            m_more->setEnabled(m_model->rowCount() < m_total && !page->changes.isEmpty());
        });
}
