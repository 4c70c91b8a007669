import { awaitingDataPage, sectionMetadata } from "@/app/(dashboard)/[org]/[project]/(sections)/section-page";

export const metadata = sectionMetadata("alerts");
export default awaitingDataPage("alerts");
