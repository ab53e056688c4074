import { HostPageSkeleton } from "@/components/host/host-states";

export default function HostLoading() {
  return <HostPageSkeleton />;
}
