import { Link } from 'wouter';
import { paths } from '../api/domain';
import { useQuery } from '../api/useQuery';
import { ContactDetails } from '../components/ContactCard';
import { ErrorView, NotFound } from '../components/ErrorView';
import { Loading, PageTitle } from '../components/Page';
import { PublicUnitDocument } from '../gql/graphql';
import { useI18n } from '../i18n';

/** A unit's public page: what anyone sees, published contacts only. */
export function PublicUnitPage({ code }: { code: string }) {
  const { t, date } = useI18n();
  const { data, error, refetch } = useQuery(PublicUnitDocument, { code }, { public: true });
  if (error) return <ErrorView error={error} onRetry={() => void refetch()} />;
  if (!data) return <Loading />;
  const unit = data.orgUnit;
  if (!unit) return <NotFound />;
  // Signed-in staff may receive unpublished contacts too; this page shows the public view.
  const published = unit.contacts.filter((c) => c.isPublic);
  return (
    <>
      <p className="breadcrumb">
        <Link href={paths.directory}>{t('nav.directory')}</Link>
      </p>
      <PageTitle
        actions={
          unit.viewerCan.editContacts && (
            <Link href={paths.contacts(unit.code)} className="button">
              {t('unit.manage')}
            </Link>
          )
        }
      >
        {unit.name}
      </PageTitle>
      <dl className="facts">
        <div>
          <dt>{t('unit.code')}</dt>
          <dd>{unit.code}</dd>
        </div>
        <div>
          <dt>{t('unit.kind')}</dt>
          <dd>{t(`kind.${unit.kind}`)}</dd>
        </div>
        {unit.parent && (
          <div>
            <dt>{t('unit.parent')}</dt>
            <dd>{unit.parent.name}</dd>
          </div>
        )}
        {unit.district && (
          <div>
            <dt>{t('unit.district')}</dt>
            <dd>{unit.district}</dd>
          </div>
        )}
      </dl>
      <section className="card" aria-labelledby="unit-contacts">
        <h2 id="unit-contacts">{t('unit.contacts')}</h2>
        <p className="muted small">
          {unit.contactsConfirmedAt ? t('unit.confirmedAt', { date: date(unit.contactsConfirmedAt) }) : t('unit.neverConfirmed')}
        </p>
        {published.length === 0 ? (
          <p className="muted">{t('directory.noContacts')}</p>
        ) : (
          <ul className="contact-grid" data-testid="public-contacts">
            {published.map((c) => (
              <li key={c.id} data-testid="public-contact">
                <ContactDetails contact={c} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
