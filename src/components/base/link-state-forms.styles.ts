/** Styles of the link states a visit may never see: headings, notices and the code forms. */
import { css } from 'lit';

/** Headings, notices and the access-code / one-time-code form of the shared link states. */
export const linkStateFormStyles = css`
  .state__title {
    margin: 0;
    font-size: 1.25rem;
    font-weight: 600;
    line-height: 1.3;
  }

  .state__notice {
    margin: 0;
    font-weight: 500;
  }

  .state__notice:empty {
    display: none;
  }

  .state__notice--success {
    color: var(--_gk-success);
  }

  .form {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: calc(var(--_gk-spacing) * 0.5);
    width: 100%;
  }
`;
